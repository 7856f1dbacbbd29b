package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Add a lot ({@code remaining == granted}; its {@code seq} is assigned by the ledger). The lot first pays the
 * account's debt; the pool grows by the whole granted amount (the debt had already been charged to the budgets).
 * {@code refreshAt}: for a lot that refreshes, its first refresh boundary (the account's billing cycle, computed at the
 * edge, {@link BillingCycle#nextBoundary}); without it the lot's refresh is only stored. {@code allocateTo}: a
 * sub-account whose allocation the granted credits go to in the same movement (an office's purchase), instead of the
 * pool, less the debt they pay (which goes back to the pool that carried it); the grant's one event names it.
 */
public record Grant(String account, String idempotencyKey, String fingerprint, String eventId, Lot lot, Instant now,
        String detail, Optional<Instant> refreshAt, Optional<String> allocateTo) {

    /** A grant to the pool. */
    public Grant(String account, String idempotencyKey, String fingerprint, String eventId, Lot lot, Instant now,
            String detail, Optional<Instant> refreshAt) {
        this(account, idempotencyKey, fingerprint, eventId, lot, now, detail, refreshAt, Optional.empty());
    }

    /** A grant of a lot that does not refresh (or whose refresh is only stored). */
    public Grant(String account, String idempotencyKey, String fingerprint, String eventId, Lot lot, Instant now,
            String detail) {
        this(account, idempotencyKey, fingerprint, eventId, lot, now, detail, Optional.empty());
    }

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
        refreshAt = refreshAt.map(at -> at.truncatedTo(ChronoUnit.MILLIS));
        if (refreshAt.isPresent() && lot.refresh().isEmpty()) {
            throw new IllegalArgumentException("refreshAt is for a lot that refreshes");
        }
        if (refreshAt.isPresent() && !refreshAt.get().isAfter(lot.effectiveFrom())) {
            throw new IllegalArgumentException("a lot's first refresh comes after its effective time");
        }
        allocateTo.ifPresent(sub -> LedgerKeys.requireId(sub, "sub-account id"));
    }
}
