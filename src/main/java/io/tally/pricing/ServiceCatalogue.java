package io.tally.pricing;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.platform.ConfigCache;
import io.tally.platform.ConfigCaches;
import io.tally.platform.ConfigChanges;

/**
 * The service catalogue of this replica: read from PostgreSQL on first use and answered from memory after that, like
 * the rate cards. A definition is announced on the {@value #TOPIC} topic of {@link ConfigChanges} and every replica
 * drops its catalogue; the cache's TTL ({@code tally.pricing.cache-ttl}) bounds staleness if a notice is lost anyway.
 */
@Singleton
public class ServiceCatalogue {
    static final String TOPIC = "services";
    /** The catalogue is one entry: the whole of it is loaded and dropped at once. */
    private static final String KEY = "*";

    private final ServiceRepository repository;
    private final ConfigChanges changes;
    private final Clock clock;
    private final ConfigCache<Catalogue> cache;

    ServiceCatalogue(ServiceRepository repository, ConfigChanges changes, PricingConfig config, Clock clock,
            ConfigCaches caches) {
        this.repository = repository;
        this.changes = changes;
        this.clock = clock;
        this.cache = caches.create(config.cacheTtl(), 2);
        changes.subscribe(TOPIC, id -> cache.evict(KEY), cache::clear);
    }

    /** The catalogue; no I/O when cached. */
    public Uni<Catalogue> current() {
        return cache.get(KEY, this::load);
    }

    /** Every service as stored, read from PostgreSQL (for the admin API). */
    Uni<List<StoredService>> stored() {
        return repository.all();
    }

    Uni<Optional<StoredService>> stored(ServiceName id) {
        return repository.find(id);
    }

    /**
     * Defines or redefines a service, then drops the catalogue here and tells the other replicas to. Empty (nothing
     * written) when the service exists with another unit. Fails when the notice cannot be published; the definition
     * is stored then, and a retry announces it again.
     */
    Uni<Optional<ServiceRepository.Defined>> define(ServiceDefinition service) {
        // PostgreSQL keeps microseconds: the answer of the PUT shows what a GET will.
        return repository.define(service, clock.instant().truncatedTo(ChronoUnit.MICROS))
                .call(defined -> defined.isPresent() ? announce() : Uni.createFrom().voidItem());
    }

    private Uni<Catalogue> load() {
        return repository.all()
                .map(found -> Catalogue.of(found.stream().map(StoredService::service).toList()));
    }

    private Uni<Void> announce() {
        cache.evict(KEY);
        return changes.publish(TOPIC, KEY);
    }

    /** For tests: the catalogue this replica holds in memory, without loading it. */
    Optional<Catalogue> cached() {
        return cache.peek(KEY);
    }
}
