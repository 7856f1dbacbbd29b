package io.tally.pricing;

import java.util.Locale;

/**
 * What a service's rate is per. A use names its quantity in these units, except for {@link #MINUTE}: a timed use
 * names its seconds, which the service's billing increments round before the per-minute rate applies.
 */
public enum ServiceUnit {
    SEGMENT,
    MESSAGE,
    MINUTE,
    PAGE,
    SESSION,
    MONTH,
    ITEM;

    /** Whether uses are measured in seconds and billed in increments. */
    public boolean timed() {
        return this == MINUTE;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
