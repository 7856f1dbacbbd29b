package io.tally.history;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a page of a history listing ended: the last row's time and id, in the listing's order (time descending, then
 * id descending). Clients see it as an opaque base64url token; its text is {@code <ISO instant> <id>}.
 */
record Cursor(Instant occurredAt, String id) {
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    String encode() {
        var text = occurredAt + " " + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether PostgreSQL's timestamptz holds the instant (years 1 to 9999 here), so that a query cannot fail on it. */
    static boolean storable(Instant at) {
        return !at.isBefore(EARLIEST) && !at.isAfter(LATEST);
    }

    /** The cursor a token encodes, or empty when it is not one. */
    static Optional<Cursor> decode(String token) {
        try {
            var text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int space = text.indexOf(' ');
            if (space < 0 || space == text.length() - 1) {
                return Optional.empty();
            }
            var at = Instant.parse(text.substring(0, space));
            return storable(at) ? Optional.of(new Cursor(at, text.substring(space + 1))) : Optional.empty();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
