package io.tally.account;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

import io.tally.ledger.BillingCycle;

/**
 * An account's billing cycle as set (docs/ledger.md "Billing cycles and refresh"): the anchor (absent: the account's
 * creation), the period, and whether sub-accounts' monthly spending limits count billing months instead of calendar
 * months.
 */
public record CycleSettings(Optional<Instant> anchor, BillingCycle.Period period, boolean billingMonths) {
    public static final CycleSettings DEFAULT = new CycleSettings(Optional.empty(), BillingCycle.Period.MONTHLY,
            false);

    public CycleSettings {
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(period, "period");
    }

    /** The cycle of an account created at {@code createdAt} in {@code zone}. */
    public BillingCycle cycle(Instant createdAt, ZoneId zone) {
        return new BillingCycle(anchor.orElse(createdAt), period, zone);
    }
}
