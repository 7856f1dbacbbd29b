package io.tally.alert;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

import io.tally.platform.Keyset;
import io.tally.platform.Refusal;

/**
 * A page of an account's alert history: filters (type, state, {@code from} inclusive, {@code to} exclusive),
 * at most {@code limit} (1-100, default 50), newest first, after the cursor's position ({@code at|id} of the last alert
 * of the page before, base64url).
 */
record AlertQuery(Optional<AlertType> type, Optional<String> state, Optional<Instant> from, Optional<Instant> to,
        int limit, Optional<Keyset> after) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

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
        return new AlertQuery(kind, Optional.ofNullable(state), since, until, Keyset.limit(limit, DEFAULT_LIMIT, MAX_LIMIT),
                Optional.ofNullable(cursor).map(Keyset::of));
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
}
