package io.tally.platform;

import java.time.Duration;

/**
 * A request that cannot be served, carrying the problem to answer with. Thrown only at the HTTP edge (resources,
 * request parsing, scope checks); the pure core returns outcomes as values.
 */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    /** Seconds for the {@code Retry-After} header, 0 = none. */
    private final long retryAfter;

    public ProblemException(Problem problem) {
        this(problem, 0);
    }

    private ProblemException(Problem problem, long retryAfter) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    /** Seconds after which a retry may succeed ({@code Retry-After}), 0 = none given. */
    public long retryAfter() {
        return retryAfter;
    }

    /** 503: the request cannot be served now; retry after {@code retryAfter}. */
    public static ProblemException unavailable(String slug, String reason, Duration retryAfter) {
        return new ProblemException(Problem.of(503, slug, "Service unavailable", reason, null),
                Math.max(1, retryAfter.toSeconds()));
    }

    public static ProblemException invalid(String field, String reason) {
        return new ProblemException(Problem.of(400, "invalid-request", "Invalid request", reason, field));
    }

    public static ProblemException unauthorized(String reason) {
        return new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", reason, null));
    }

    public static ProblemException forbidden(String reason) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", reason, null));
    }

    public static ProblemException notFound(String reason) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", reason, null));
    }

    public static ProblemException conflict(String slug, String reason, String field) {
        return new ProblemException(Problem.of(409, slug, "Conflict", reason, field));
    }
}
