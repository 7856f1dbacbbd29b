package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Move credits between the pool and a sub-account's allocation: {@code amount > 0} allocates, {@code < 0} gives back. */
public record Allocate(String account, String idempotencyKey, String fingerprint, String eventId, String subAccount,
        long amount, Instant now) {

    public Allocate {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireToken(idempotencyKey, "idempotencyKey");
        LedgerKeys.requireToken(fingerprint, "fingerprint");
        LedgerKeys.requireToken(eventId, "eventId");
        LedgerKeys.requireId(subAccount, "sub-account id");
        LedgerKeys.requireAmount(Math.abs(amount), "|amount|");
        now = now.truncatedTo(ChronoUnit.MILLIS);
    }
}
