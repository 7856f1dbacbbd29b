package io.tally.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an hour's spend is an anomaly against the same hour of the week in the previous weeks
 * (docs/alerts.md, "Spending anomaly").
 * <p>
 * With at least {@link AnomalyRules#robustFrom()} weeks: the median {@code m} and the median absolute deviation
 * {@code MAD} of those weeks, and the modified z-score {@code 0.6745 (x - m) / MAD}. When {@code MAD} is 0 (most weeks
 * spent exactly the same) the mean absolute deviation stands in ({@code (x - m) / (1.253314 * meanAD)}); when that is
 * 0 too (every week the same) any spend above {@code m} scores infinite and the floors alone decide. With fewer weeks:
 * the mean of the weeks there are, and the spend must reach {@link AnomalyRules#plainFactor()} times it; with none, no
 * hour is an anomaly. Either way the excess must also exceed both floors.
 */
public final class SpendingAnomalies {
    private static final double MAD_SCALE = 0.6745;
    private static final double MEAN_AD_SCALE = 1.253314;

    private SpendingAnomalies() {
    }

    /**
     * @param hour the hour evaluated
     * @param previous the same hour of the previous weeks (those the account existed in; a week without use is an
     *        empty hour), at most {@link AnomalyRules#weeks()} are read, newest first
     */
    public static Optional<Anomaly> evaluate(HourSpend hour, List<HourSpend> previous, AnomalyRules rules) {
        var weeks = previous.subList(0, Math.min(previous.size(), rules.weeks()));
        if (weeks.isEmpty()) {
            return Optional.empty();
        }
        long x = hour.total();
        long[] totals = weeks.stream().mapToLong(HourSpend::total).toArray();
        boolean robust = weeks.size() >= rules.robustFrom();
        long baseline = robust ? median(totals) : mean(totals);
        double score = robust ? modifiedZ(x, baseline, totals) : plainScore(x, baseline);
        double needed = robust ? rules.zScore() : rules.plainFactor();
        long excess = x - baseline;
        boolean anomalous = excess > 0 && score > needed && excess > rules.absoluteFloor()
                && excess * 100.0 > rules.percentFloor() * baseline;
        if (!anomalous) {
            return Optional.empty();
        }
        var causes = causes(hour, weeks, robust, excess);
        var cause = causes.isEmpty() ? null : causes.get(0);
        var via = causes.stream()
                .filter(c -> cause != null && c.dimension() != cause.dimension() && c.share() >= 0.5)
                .findFirst();
        return Optional.of(new Anomaly(x, baseline, score, robust, cause, via));
    }

    /** The modified z-score of {@code x} among {@code values} whose median is {@code median}. */
    static double modifiedZ(long x, long median, long[] values) {
        long[] deviations = Arrays.stream(values).map(v -> Math.abs(v - median)).toArray();
        long mad = median(deviations);
        if (mad > 0) {
            return MAD_SCALE * (x - median) / mad;
        }
        double meanAd = Arrays.stream(deviations).average().orElse(0);
        if (meanAd > 0) {
            return (x - median) / (MEAN_AD_SCALE * meanAd);
        }
        return x > median ? Double.POSITIVE_INFINITY : 0;
    }

    private static double plainScore(long x, long mean) {
        if (mean == 0) {
            return x > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return (double) x / mean;
    }

    /**
     * Every dimension value whose spend rose against its own baseline (the median, or the mean, of its spend in the
     * same weeks), the most telling first: ranked by its increase times the part of its spend this hour that is new
     * ({@code increase * increase / spend}). A value that carries all the traffic anyway (the only service) rises by
     * as much as a new destination but is mostly its usual spend, so the new destination names the cause. On a tie the
     * more specific dimension, then the value's name, comes first.
     */
    private static List<Anomaly.Cause> causes(HourSpend hour, List<HourSpend> weeks, boolean robust, long excess) {
        var causes = new ArrayList<Anomaly.Cause>();
        for (var dimension : Dimension.values()) {
            var values = new HashSet<>(hour.of(dimension).keySet());
            for (var value : values) {
                long[] before = weeks.stream().mapToLong(w -> w.of(dimension, value)).toArray();
                long spend = hour.of(dimension, value);
                long increase = spend - (robust ? median(before) : mean(before));
                if (increase > 0) {
                    causes.add(new Anomaly.Cause(dimension, value, increase, Math.min(1, (double) increase / excess)));
                }
            }
        }
        causes.sort(Comparator.comparingDouble((Anomaly.Cause c) -> -telling(c, hour))
                .thenComparing(Anomaly.Cause::dimension)
                .thenComparing(Anomaly.Cause::value));
        return causes;
    }

    private static double telling(Anomaly.Cause cause, HourSpend hour) {
        return (double) cause.increase() * cause.increase() / hour.of(cause.dimension(), cause.value());
    }

    /** The median, the lower of the two middle values' mean rounded down for an even count. */
    static long median(long[] values) {
        var sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : Math.floorDiv(sorted[n / 2 - 1] + sorted[n / 2], 2);
    }

    private static long mean(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : Math.floorDiv(sum, values.length);
    }
}
