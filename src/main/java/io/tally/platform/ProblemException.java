package io.tally.platform;

/**
 * A request that cannot be served, carrying the problem to answer with. Thrown only at the HTTP edge (resources,
 * request parsing, scope checks); the pure core returns outcomes as values.
 */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException invalid(String field, String reason) {
        return new ProblemException(Problem.of(400, "invalid-request", "Invalid request", reason, field));
    }

    public static ProblemException unauthorized(String reason) {
        return new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", reason, null));
    }

    public static ProblemException forbidden(String reason) {
        return forbidden(null, reason);
    }

    /** The caller may use the endpoint, but not set this field. */
    public static ProblemException forbidden(String field, String reason) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", reason, field));
    }

    public static ProblemException notFound(String reason) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", reason, null));
    }

    public static ProblemException conflict(String slug, String reason, String field) {
        return new ProblemException(Problem.of(409, slug, "Conflict", reason, field));
    }
}
