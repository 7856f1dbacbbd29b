package io.tally.ledger;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An account's billing cycle (docs/ledger.md "Billing cycles"): an anchor instant and a period (monthly or yearly),
 * counted in the account's time zone. Boundary {@code k} of a step of {@code n} months is the anchor's wall-clock
 * date and time plus {@code k × n} months: a day the month does not have is its last day (an anchor on the 31st falls
 * on the 30th, or the 28th/29th of February), and a wall-clock time a DST change skips is moved forward by the gap
 * (one it repeats takes the earlier offset). Every boundary is computed from the anchor, never from the one before,
 * so a short month does not pull the later ones back. The cycles are {@code [boundary k, boundary k+1)}.
 */
public record BillingCycle(Instant anchor, Period period, ZoneId zone) {
    /** How long one cycle is. */
    public enum Period {
        MONTHLY(1),
        YEARLY(12);

        private final int months;

        Period(int months) {
            this.months = months;
        }

        public int months() {
            return months;
        }
    }

    /** One cycle: {@code [start, end)}. */
    public record Cycle(Instant start, Instant end) {
    }

    public BillingCycle {
        anchor = anchor.truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(zone, "zone");
    }

    /** The cycle that holds {@code now}. */
    public Cycle current(Instant now) {
        return cycleOf(now, period.months());
    }

    /** The cycle of {@code months}-month steps from the anchor that holds {@code now}. */
    public Cycle cycleOf(Instant now, int months) {
        long k = index(now, months);
        return new Cycle(boundary(k, months), boundary(k + 1, months));
    }

    /** The first boundary of {@code months}-month steps from the anchor strictly after {@code after}. */
    public Instant nextBoundary(Instant after, int months) {
        return boundary(index(after, months) + 1, months);
    }

    /**
     * The {@code yyyy-MM} a sub-account's monthly spending limit counts {@code now} in: the calendar month in the
     * zone, or with {@code billingMonths} the month in which the billing month (one-month steps from the anchor)
     * holding {@code now} starts.
     */
    public String month(Instant now, boolean billingMonths) {
        var at = billingMonths ? cycleOf(now, 1).start() : now;
        return YearMonth.from(at.atZone(zone)).toString();
    }

    /** Boundary {@code k} of {@code months}-month steps (k may be negative: before the anchor). */
    public Instant boundary(long k, int months) {
        requireMonths(months);
        LocalDateTime local = anchor.atZone(zone).toLocalDateTime().plusMonths(Math.multiplyExact(k, (long) months));
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }

    /** The k with {@code boundary(k) <= now < boundary(k + 1)}. */
    private long index(Instant now, int months) {
        requireMonths(months);
        var from = anchor.atZone(zone).toLocalDateTime();
        var to = now.atZone(zone).toLocalDateTime();
        long k = Math.floorDiv(ChronoUnit.MONTHS.between(from, to), months);
        while (boundary(k, months).isAfter(now)) {
            k--;
        }
        while (!boundary(k + 1, months).isAfter(now)) {
            k++;
        }
        return k;
    }

    private static void requireMonths(int months) {
        if (months <= 0) {
            throw new IllegalArgumentException("a step is at least one month: " + months);
        }
    }
}
