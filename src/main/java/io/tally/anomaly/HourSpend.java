package io.tally.anomaly;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * One hour's spend of an account, in micro-credits: the total and, per dimension, how much each value of it spent (a
 * value absent spent nothing). Mutable while an hour is being summed ({@link #add}), then only read.
 */
public final class HourSpend {
    private long total;
    private final Map<Dimension, Map<String, Long>> byDimension = new EnumMap<>(Dimension.class);

    public static HourSpend empty() {
        return new HourSpend();
    }

    /** Adds one use: its amount, and the value it had in each dimension it has one for. */
    public HourSpend add(long amount, Map<Dimension, String> values) {
        total += amount;
        values.forEach((dimension, value) -> byDimension.computeIfAbsent(dimension, d -> new HashMap<>())
                .merge(value, amount, Long::sum));
        return this;
    }

    public long total() {
        return total;
    }

    /** What each value of the dimension spent; empty when no use had a value in it. */
    public Map<String, Long> of(Dimension dimension) {
        return byDimension.getOrDefault(dimension, Map.of());
    }

    /** What one value spent (0 when it spent nothing). */
    public long of(Dimension dimension, String value) {
        return of(dimension).getOrDefault(value, 0L);
    }
}
