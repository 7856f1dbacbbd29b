package io.tally.payment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import io.tally.platform.Refusal;

/**
 * A page of payments: at most {@code limit} (1-100, default 50), newest first, after the cursor's position
 * ({@code created|id} of the last payment of the page before, base64url).
 */
record PaymentQuery(int limit, Optional<Position> after) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    record Position(Instant createdAt, String id) {
        String cursor() {
            var text = createdAt.getEpochSecond() + "." + createdAt.getNano() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static PaymentQuery of(String limit, String cursor) {
        return new PaymentQuery(limit(limit), cursor == null ? Optional.empty() : Optional.of(position(cursor)));
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.invalid("limit", "limit: a whole number from 1 to " + MAX_LIMIT);
    }

    private static Position position(String cursor) {
        try {
            var text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            int dot = text.indexOf('.');
            if (bar > 0 && dot > 0 && dot < bar) {
                return new Position(Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)),
                        Long.parseLong(text.substring(dot + 1, bar))), text.substring(bar + 1));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // refused below
        }
        throw Refusal.invalid("cursor", "cursor: not a cursor this endpoint answered");
    }
}
