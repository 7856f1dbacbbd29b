package io.tally.alert;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import io.tally.platform.Refusal;

/**
 * A page of an account's alert history: filters (type, state, {@code from} inclusive, {@code to} exclusive),
 * at most {@code limit} (1-100, default 50), newest first, after the cursor's position ({@code at|id} of the last alert
 * of the page before, base64url).
 */
record AlertQuery(Optional<AlertType> type, Optional<String> state, Optional<Instant> from, Optional<Instant> to,
        int limit, Optional<Position> after) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    record Position(Instant at, String id) {
        String cursor() {
            var text = at.getEpochSecond() + "." + at.getNano() + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static AlertQuery of(String type, String state, String from, String to, String limit, String cursor) {
        var kind = type == null ? Optional.<AlertType> empty()
                : Optional.of(AlertType.of(type).orElseThrow(() -> Refusal.invalid("type",
                        "type: one of low-balance, allowance-used, limit-reached, negative-balance, "
                                + "credits-expiring, recharge, spending-anomaly")));
        if (state != null && !state.equals("firing") && !state.equals("resolved")) {
            throw Refusal.invalid("state", "state: firing or resolved");
        }
        var since = instant("from", from);
        var until = instant("to", to);
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw Refusal.invalid("to", "to: must be after from");
        }
        return new AlertQuery(kind, Optional.ofNullable(state), since, until, limit(limit),
                cursor == null ? Optional.empty() : Optional.of(position(cursor)));
    }

    private static Optional<Instant> instant(String field, String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeException e) {
            throw Refusal.invalid(field, field + ": an instant such as 2026-12-01T10:00:00Z");
        }
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
        } catch (IllegalArgumentException | DateTimeException e) {
            // refused below
        }
        throw Refusal.invalid("cursor", "cursor: not a cursor this endpoint answered");
    }
}
