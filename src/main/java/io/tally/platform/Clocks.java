package io.tally.platform;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place that reads the wall clock; everything else is handed a {@link Clock}. {@code tally.clock.offset}
 * shifts it (a replica whose clock is off, for the fault tests; docs/operations.md): zero in every real deployment.
 */
class Clocks {
    @Produces
    @Singleton
    Clock clock(@ConfigProperty(name = "tally.clock.offset", defaultValue = "0s") Duration offset) {
        return offset.isZero() ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), offset);
    }
}
