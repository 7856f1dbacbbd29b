package io.tally.platform;

/**
 * A request refused by a rule of the core: a field that is not valid, something outside the caller's scope, or
 * something that does not exist. Framework-free, so that pure code (validation of text, amounts, keys, scopes) can
 * refuse without knowing HTTP; the edge ({@code ProblemMapper}) answers it as a problem: 400 naming the field, 403 or
 * 404.
 */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the request is refused; the edge picks the answer from it. */
    public enum Kind {
        INVALID,
        OUT_OF_SCOPE,
        NOT_FOUND
    }

    private final Kind kind;
    private final String field;

    private Refusal(Kind kind, String field, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    /** @param reason a sentence that starts with the field's name, e.g. {@code "units: from 1 to 1000000"} */
    public static Refusal invalid(String field, String reason) {
        return new Refusal(Kind.INVALID, field, reason);
    }

    public static Refusal outOfScope(String reason) {
        return new Refusal(Kind.OUT_OF_SCOPE, null, reason);
    }

    public static Refusal notFound(String reason) {
        return new Refusal(Kind.NOT_FOUND, null, reason);
    }

    public Kind kind() {
        return kind;
    }

    /** The offending request field as a JSON path, or null when no one field is to blame. */
    public String field() {
        return field;
    }

    public String reason() {
        return getMessage();
    }
}
