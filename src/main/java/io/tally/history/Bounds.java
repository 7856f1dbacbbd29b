package io.tally.history;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/** Optional limits of a history query: a time range ({@code from} inclusive, {@code to} exclusive), amount ranges. */
final class Bounds {
    private Bounds() {
    }

    record Time(Instant from, Instant to) {
        static final Time ANY = new Time(null, null);
    }

    /**
     * The time range a listing asked for: a calendar month of the account (its time zone is known only once the
     * account is read), or instants.
     */
    record Period(YearMonth month, Time time) {
        /** The instants of the range: a month runs from its first midnight to the next month's, in {@code zone}. */
        Time in(ZoneId zone) {
            if (month == null) {
                return time;
            }
            return new Time(month.atDay(1).atStartOfDay(zone).toInstant(),
                    month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
        }
    }

    /** Micro-credits, both ends inclusive; null is unbounded. */
    record Amount(Long min, Long max) {
        static final Amount ANY = new Amount(null, null);
    }
}
