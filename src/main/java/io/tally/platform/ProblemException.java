package io.tally.platform;

/**
 * A request that cannot be served, carrying the HTTP problem to answer with. Thrown only by glue at the HTTP edge;
 * pure code refuses with a {@link Refusal}, and returns expected outcomes as values.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
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
