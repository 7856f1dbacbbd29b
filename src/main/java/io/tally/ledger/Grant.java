package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Add a lot ({@code remaining == granted}; its {@code seq} is assigned by the ledger). The lot first pays the
 * account's debt; the pool grows by the whole granted amount (the debt had already been charged to the budgets).
 */
public record Grant(String account, String idempotencyKey, String fingerprint, String eventId, Lot lot, Instant now,
        String detail) {

    public Grant {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireToken(idempotencyKey, "idempotencyKey");
        LedgerKeys.requireToken(fingerprint, "fingerprint");
        LedgerKeys.requireToken(eventId, "eventId");
        Objects.requireNonNull(lot, "lot");
        if (lot.remaining() != lot.granted()) {
            throw new IllegalArgumentException("a granted lot must have remaining == granted");
        }
        now = now.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(detail, "detail");
    }
}
