package io.tally.anomaly;

/**
 * When an hour's spend is an anomaly.
 *
 * @param zScore the modified z-score an hour must exceed (3.5, after Iglewicz and Hoaglin)
 * @param absoluteFloor micro-credits above the baseline an hour must exceed (so that 3 credits over a baseline of 1
 *        is not an alert)
 * @param percentFloor percent above the baseline an hour must exceed (so that a large account's noise is not one)
 * @param weeks how many previous weeks of the same hour the baseline looks at
 * @param robustFrom the weeks of history from which the median and MAD are used; below, the plainer baseline
 * @param plainFactor below {@code robustFrom} weeks: the multiple of the mean of the weeks there are that an hour must
 *        reach
 */
public record AnomalyRules(double zScore, long absoluteFloor, double percentFloor, int weeks, int robustFrom,
        double plainFactor) {

    /** 3.5, 10 credits, 50 %, 8 weeks, robust from 3 weeks, else 3 times the mean. */
    public static final AnomalyRules DEFAULT = new AnomalyRules(3.5, 10_000_000, 50, 8, 3, 3);

    public AnomalyRules {
        if (zScore <= 0 || absoluteFloor < 0 || percentFloor < 0 || weeks < 1 || robustFrom < 2 || plainFactor <= 1) {
            throw new IllegalArgumentException("anomaly rules out of range");
        }
    }
}
