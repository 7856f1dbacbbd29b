package io.tally.anomaly;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An account's spend by hour of its own time zone: the hour a use falls in is its local hour, so that "Monday 09:00"
 * is the account's Monday morning in every week, across daylight-saving changes.
 */
public final class SpendSeries {
    private final ZoneId zone;
    private final TreeMap<LocalDateTime, HourSpend> hours = new TreeMap<>();

    public SpendSeries(ZoneId zone) {
        this.zone = zone;
    }

    /** The local hour an instant falls in. */
    public LocalDateTime hourOf(Instant at) {
        return LocalDateTime.ofInstant(at, zone).truncatedTo(ChronoUnit.HOURS);
    }

    public SpendSeries add(Instant at, long amount, Map<Dimension, String> values) {
        hours.computeIfAbsent(hourOf(at), h -> HourSpend.empty()).add(amount, values);
        return this;
    }

    /** The hour's spend (empty when nothing was spent in it). */
    public HourSpend hour(LocalDateTime hour) {
        return hours.getOrDefault(hour, HourSpend.empty());
    }

    /**
     * The same hour of the week in up to {@code weeks} previous weeks, newest first, from the first hour the series has
     * on: weeks before the account's first use are not history, weeks after it without use are empty hours.
     */
    public List<HourSpend> sameHourBefore(LocalDateTime hour, int weeks) {
        var first = Optional.ofNullable(hours.isEmpty() ? null : hours.firstKey());
        var previous = new ArrayList<HourSpend>();
        for (int week = 1; week <= weeks; week++) {
            var then = hour.minusWeeks(week);
            if (first.isEmpty() || then.isBefore(first.get().truncatedTo(ChronoUnit.DAYS))) {
                break;
            }
            previous.add(hour(then));
        }
        return previous;
    }

    /** {@link SpendingAnomalies#evaluate} of one hour against the same hour of the previous weeks. */
    public Optional<Anomaly> evaluate(LocalDateTime hour, AnomalyRules rules) {
        return SpendingAnomalies.evaluate(hour(hour), sameHourBefore(hour, rules.weeks()), rules);
    }
}
