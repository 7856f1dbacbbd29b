package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Renew a lot at one boundary of its refresh cycle (docs/ledger.md "Billing cycles and refresh"): what is left expires
 * or rolls over by the lot's rule, then its granted amount is granted again. {@code cycle} is the boundary renewed
 * (it must be the lot's next one, else nothing is written), {@code next} the boundary after it, {@code months} the
 * lot's refresh period (as its schedule entry names it).
 */
public record RefreshCredits(String account, String lotId, int months, String eventId, Instant cycle, Instant next,
        Instant now) {
    public RefreshCredits {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireId(lotId, "lot id");
        LedgerKeys.requireToken(eventId, "eventId");
        cycle = cycle.truncatedTo(ChronoUnit.MILLIS);
        next = next.truncatedTo(ChronoUnit.MILLIS);
        now = now.truncatedTo(ChronoUnit.MILLIS);
        if (!next.isAfter(cycle)) {
            throw new IllegalArgumentException("the next boundary comes after the one renewed");
        }
        if (months <= 0) {
            throw new IllegalArgumentException("months must be positive: " + months);
        }
    }
}
