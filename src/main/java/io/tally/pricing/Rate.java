package io.tally.pricing;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of a rate card: credits per unit of the service ({@link ServiceName#unit()}), in micro-credits.
 *
 * @param billing the increments of a voice rate (always present for VOICE, absent for every other service)
 */
public record Rate(RateKey key, long micros, Optional<Billing> billing) {
    public Rate {
        Objects.requireNonNull(key, "key");
        if (micros < 0 || micros > Credits.MAX_MICROS) {
            throw new IllegalArgumentException("rate out of range: " + micros);
        }
        if (billing.isPresent() != key.service().timed()) {
            throw new IllegalArgumentException("VOICE rates and only they have billing increments: " + key);
        }
    }

    /** A rate of a service billed by whole units. */
    public static Rate of(RateKey key, long micros) {
        return new Rate(key, micros, Optional.empty());
    }

    /** A voice rate, per minute, billed in the given increments. */
    public static Rate voice(RateKey key, long microsPerMinute, Billing billing) {
        return new Rate(key, microsPerMinute, Optional.of(billing));
    }
}
