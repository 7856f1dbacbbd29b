package io.tally.ledger;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.Objects;

/**
 * The period a spending limit counts (docs/ledger.md "Spending limits"): a day or an ISO week (from Monday) in the
 * account's time zone, or the month its limits count (calendar or billing month, {@code BillingCycle.month}). A period
 * is named by its label, the suffix of its spend field: {@code yyyy-MM-dd}, {@code YYYY-Www}, {@code yyyy-MM}.
 */
public enum LimitPeriod {
    DAY,
    WEEK,
    MONTH;

    private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("uuuu-MM-dd");

    /** The label of the period holding {@code now} in {@code zone}; {@code month} is the month's label. */
    public String label(Instant now, ZoneId zone, String month) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(zone, "zone");
        var date = now.atZone(zone).toLocalDate();
        return switch (this) {
            case DAY -> DAY_LABEL.format(date);
            case WEEK -> String.format("%04d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                    date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> Months.require(month);
        };
    }
}
