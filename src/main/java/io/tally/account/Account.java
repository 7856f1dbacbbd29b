package io.tally.account;

import java.time.Instant;
import java.time.ZoneId;

import io.tally.ledger.BillingCycle;

/** A customer account: the unit of billing, scope and configuration. */
public record Account(String id, String name, ZoneId timeZone, SegmentationSettings segmentation,
        LedgerSettings ledger, Instant createdAt, CycleSettings cycleSettings) {

    /** An account with the default billing cycle (monthly from its creation, calendar months for limits). */
    public Account(String id, String name, ZoneId timeZone, SegmentationSettings segmentation, LedgerSettings ledger,
            Instant createdAt) {
        this(id, name, timeZone, segmentation, ledger, createdAt, CycleSettings.DEFAULT);
    }

    /** The account's billing cycle, in its time zone. */
    public BillingCycle cycle() {
        return cycleSettings.cycle(createdAt, timeZone);
    }

    /** The {@code yyyy-MM} the sub-accounts' monthly spending limits count {@code now} in. */
    public String limitMonth(Instant now) {
        return cycle().month(now, cycleSettings.billingMonths());
    }
}
