package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Pushes the expiry of the account's unexpired {@code PACKAGE} lots with credits left, other than {@code lotId} (the
 * lot just bought), to {@code expiresAt}: a purchase on an account with {@code extendExpiryOnPurchase}
 * (docs/payments.md). A lot that expires at or before {@code now} is never revived, one that expires at or after
 * {@code expiresAt} (or never) is left as it is; so a repeat changes nothing.
 */
public record ExtendExpiry(String account, String lotId, Instant expiresAt, String eventId, Instant now) {
    public ExtendExpiry {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireId(lotId, "lot id");
        expiresAt = expiresAt.truncatedTo(ChronoUnit.MILLIS);
        LedgerKeys.requireToken(eventId, "eventId");
        now = now.truncatedTo(ChronoUnit.MILLIS);
    }
}
