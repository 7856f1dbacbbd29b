package io.tally.platform;

import java.time.Duration;

/**
 * A request that cannot be served, carrying the HTTP problem to answer with. Thrown only by glue at the HTTP edge;
 * pure code refuses with a {@link Refusal}, and returns expected outcomes as values.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

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

    public static ProblemException unauthorized(String reason) {
        return new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", reason, null));
    }

    /** The caller may use the endpoint, but not set this field. */
    public static ProblemException forbidden(String field, String reason) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", reason, field));
    }

    public static ProblemException conflict(String slug, String reason, String field) {
        return new ProblemException(Problem.of(409, slug, "Conflict", reason, field));
    }
}
