package io.tally.pricing;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of a rate card: credits per unit of the service ({@link ServiceDefinition#unit()}), in micro-credits.
 *
 * @param billing the increments of a rate of a timed service, when the rate names its own (else the service's
 *        apply); absent for every other service
 */
public record Rate(RateKey key, long micros, Optional<Billing> billing) {
    public Rate {
        Objects.requireNonNull(key, "key");
        if (micros < 0 || micros > Credits.MAX_MICROS) {
            throw new IllegalArgumentException("rate out of range: " + micros);
        }
    }

    /** A rate of a service billed by whole units. */
    public static Rate of(RateKey key, long micros) {
        return new Rate(key, micros, Optional.empty());
    }

    /** A rate of a timed service, per minute, billed in the given increments rather than the service's. */
    public static Rate voice(RateKey key, long microsPerMinute, Billing billing) {
        return new Rate(key, microsPerMinute, Optional.of(billing));
    }
}
