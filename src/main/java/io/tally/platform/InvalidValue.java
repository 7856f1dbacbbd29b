package io.tally.platform;

/**
 * A value refused while a request body is read (by a Jackson deserializer). Jackson wraps it with the path of the
 * field, and {@link ProblemMapper} answers 400 naming that field with this reason, e.g.
 * {@code rates[2].rate: at most 6 decimal places}.
 */
public class InvalidValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param reason completes a sentence that starts with the field name */
    public InvalidValue(String reason) {
        super(reason, null, false, false);
    }
}
