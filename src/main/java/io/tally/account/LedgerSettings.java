package io.tally.account;

import java.time.Duration;

import io.tally.ledger.BurnPolicy;
import io.tally.ledger.ExpiredHoldAction;

/**
 * How an account spends: the order its lots burn in, how far below zero metered (inbound) use may take it, and how
 * long a reservation holds credits before the sweeper settles it by {@code onExpiry}; whether buying a package
 * pushes the expiry of its unexpired package credits to the new package's ({@code extendExpiryOnPurchase}); whether
 * its company admins may make adjustments ({@code adjustmentsByAdmins}; operators always may).
 */
public record LedgerSettings(BurnPolicy burn, long overdraftLimit, Duration holdTimeout, ExpiredHoldAction onExpiry,
        boolean extendExpiryOnPurchase, boolean adjustmentsByAdmins) {
    public static final LedgerSettings DEFAULT = new LedgerSettings(BurnPolicy.PLAN_FIRST, 0, Duration.ofHours(1),
            ExpiredHoldAction.RELEASE, false, false);

    /** Settings whose company admins make no adjustments. */
    public LedgerSettings(BurnPolicy burn, long overdraftLimit, Duration holdTimeout, ExpiredHoldAction onExpiry,
            boolean extendExpiryOnPurchase) {
        this(burn, overdraftLimit, holdTimeout, onExpiry, extendExpiryOnPurchase, false);
    }

    public static final Duration MAX_HOLD = Duration.ofDays(7);
}
