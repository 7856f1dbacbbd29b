package io.tally.platform;

import java.time.Clock;
import java.time.Duration;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the {@link ConfigCache}s of the features, with what they share: the clock, the maximum staleness
 * ({@code tally.config.max-staleness}: how long after it was loaded a value is still answered while PostgreSQL
 * cannot be read), and the reporting of reloads that failed ({@link Outages}).
 */
@Singleton
public class ConfigCaches {
    private final Clock clock;
    private final Duration maxStaleness;
    private final Outages outages;

    ConfigCaches(Clock clock, Outages outages,
            @ConfigProperty(name = "tally.config.max-staleness", defaultValue = "1h") Duration maxStaleness) {
        this.clock = clock;
        this.outages = outages;
        this.maxStaleness = maxStaleness;
    }

    /** A cache whose entries are fresh for {@code ttl}; beyond {@code maxEntries} it starts over. */
    public <V> ConfigCache<V> create(Duration ttl, int maxEntries) {
        return new ConfigCache<>(ttl, maxStaleness, clock, maxEntries, outages::recordIfOutage);
    }
}
