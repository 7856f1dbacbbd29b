package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Take what is left of a lot past its expiry off the books (the sweeper's, from the partition's schedule of
 * expiries; docs/ledger.md "Expiry"). Idempotent: a lot with nothing left, or already expired, is only taken off the
 * schedule.
 */
public record ExpireCredits(String account, String lotId, String eventId, Instant now) {
    public ExpireCredits {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireId(lotId, "lot id");
        LedgerKeys.requireToken(eventId, "eventId");
        now = now.truncatedTo(ChronoUnit.MILLIS);
    }
}
