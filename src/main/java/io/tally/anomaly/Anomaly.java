package io.tally.anomaly;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * An hour whose spend is above normal.
 *
 * @param spend the hour's spend, micro-credits
 * @param baseline what the same hour usually spends (the median of the previous weeks, or their mean while there are
 *        fewer than {@link AnomalyRules#robustFrom()})
 * @param score the modified z-score; with the plainer baseline, the spend as a multiple of it; infinite when every
 *        previous week spent the same and this hour more
 * @param robust whether the baseline is the median and MAD of enough weeks
 * @param cause the dimension value that contributes most to the increase
 * @param via the most contributing value of another dimension, when it carries at least half of the increase too
 */
public record Anomaly(long spend, long baseline, double score, boolean robust, Cause cause, Optional<Cause> via) {

    /** How much above the baseline, micro-credits. */
    public long excess() {
        return spend - baseline;
    }

    /** E.g. {@code +412 credits, 83 % from destination NG via sub-account promo}. */
    public String summary() {
        var text = new StringBuilder("+").append(credits(excess())).append(" credits");
        if (cause != null) {
            text.append(", ").append(cause.percent()).append(" % from ").append(cause.dimension().label()).append(' ')
                    .append(cause.value());
            via.ifPresent(v -> text.append(" via ").append(v.dimension().label()).append(' ').append(v.value()));
        }
        return text.toString();
    }

    static String credits(long micro) {
        return BigDecimal.valueOf(micro, 6).stripTrailingZeros().toPlainString();
    }

    /**
     * A dimension value's part of the increase.
     *
     * @param increase its spend this hour less its own baseline, micro-credits
     * @param share that increase as a fraction of the whole excess, at most 1
     */
    public record Cause(Dimension dimension, String value, long increase, double share) {
        /** The share in whole percent, rounded down. */
        public long percent() {
            return (long) Math.floor(share * 100 + 1e-9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s (%d %%)", dimension.label(), value, percent());
        }
    }
}
