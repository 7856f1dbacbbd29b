package io.tally.carrier;

import java.time.Duration;
import java.time.Instant;

/** The replay window of signed webhooks: a timestamp in Unix seconds within a tolerance of now, either way. */
final class Timestamps {
    private Timestamps() {
    }

    /** Why the timestamp is refused, or null when it is within the tolerance. */
    static String outside(String seconds, Instant now, Duration tolerance) {
        long value;
        try {
            value = Long.parseLong(seconds.trim());
        } catch (NumberFormatException e) {
            return "not a Unix time in seconds";
        }
        long skew = Math.abs(now.getEpochSecond() - value);
        return skew > tolerance.toSeconds() ? "more than " + tolerance.toSeconds() + " s from now" : null;
    }
}
