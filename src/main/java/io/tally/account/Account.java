package io.tally.account;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

import io.tally.ledger.AccountLimit;
import io.tally.ledger.BillingCycle;
import io.tally.ledger.LimitPeriod;

/**
 * A customer account: the unit of billing, scope and configuration. {@code spendingLimit}: the account's own limit
 * per day, week or month, if set.
 */
public record Account(String id, String name, ZoneId timeZone, SegmentationSettings segmentation,
        LedgerSettings ledger, Instant createdAt, CycleSettings cycleSettings, Optional<SpendingLimit> spendingLimit) {

    public Account {
        Objects.requireNonNull(spendingLimit, "spendingLimit");
    }

    /** An account without a spending limit of its own. */
    public Account(String id, String name, ZoneId timeZone, SegmentationSettings segmentation, LedgerSettings ledger,
            Instant createdAt, CycleSettings cycleSettings) {
        this(id, name, timeZone, segmentation, ledger, createdAt, cycleSettings, Optional.empty());
    }

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

    /** The label of the {@code period} holding {@code now}: a day or ISO week in the zone, or the limit month. */
    public String limitPeriod(LimitPeriod period, Instant now) {
        return period.label(now, timeZone, period == LimitPeriod.MONTH ? limitMonth(now) : "2000-01");
    }

    /** The account's limit as the ledger takes it: the amount and the label of its period holding {@code now}. */
    public Optional<AccountLimit> accountLimit(Instant now) {
        return spendingLimit.map(limit -> new AccountLimit(limit.amount(), limitPeriod(limit.period(), now)));
    }
}
