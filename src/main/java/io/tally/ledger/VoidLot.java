package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Voids a granted lot (docs/ledger.md "Adjustments"): its credits left leave the books in one movement
 * ({@code void-credits}), taken from the budgets by the rule of an expiry (the pool first, then the allocations in
 * proportion) and off {@code granted}; what was spent stays spent. The lot expires at {@code now} (or keeps an earlier
 * expiry) and stops refreshing, so credits a hold still has on it leave the books when that hold is released.
 */
public record VoidLot(String account, String idempotencyKey, String fingerprint, String eventId, String lotId,
        Instant now, String reason, String by) {

    public VoidLot {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireToken(idempotencyKey, "idempotencyKey");
        LedgerKeys.requireToken(fingerprint, "fingerprint");
        LedgerKeys.requireToken(eventId, "eventId");
        LedgerKeys.requireId(lotId, "lot id");
        now = now.truncatedTo(ChronoUnit.MILLIS);
        Adjust.requireReason(reason);
        LedgerKeys.requireToken(by, "by");
        if (by.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("by must hold no control character");
        }
    }
}
