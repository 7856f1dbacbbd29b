package io.tally.carrier;

import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.platform.ConfigCache;
import io.tally.platform.ConfigCaches;
import io.tally.platform.ConfigChanges;

/**
 * Connections and the number directory as carriers' webhooks see them: from memory when warm, from PostgreSQL when
 * not, so that a webhook's path to Redis reads nothing else. Every change is published ({@link ConfigChanges},
 * topics {@value #CONNECTIONS} and {@value #NUMBERS}) and drops the entry on every replica; the TTL
 * ({@code tally.carrier.cache-ttl}) bounds how long a missed notice leaves a stale entry. While PostgreSQL cannot be
 * read, the last value loaded is answered (up to {@code tally.config.max-staleness}): inbound messages and receipts
 * keep flowing during a PostgreSQL outage.
 */
@Singleton
class CarrierDirectory {
    static final String CONNECTIONS = "carrier-connection";
    static final String NUMBERS = "number";
    private static final int MAX_CACHED = 100_000;

    private final ConnectionRepository connections;
    private final NumberRepository numbers;
    private final ConfigChanges changes;
    private final ConfigCache<Optional<Connection>> connectionCache;
    private final ConfigCache<Optional<AssignedNumber>> numberCache;

    CarrierDirectory(ConnectionRepository connections, NumberRepository numbers, ConfigChanges changes,
            ConfigCaches caches, CarrierConfig config) {
        this.connections = connections;
        this.numbers = numbers;
        this.changes = changes;
        this.connectionCache = caches.create(config.cacheTtl(), MAX_CACHED);
        this.numberCache = caches.create(config.cacheTtl(), MAX_CACHED);
        changes.subscribe(CONNECTIONS, connectionCache::evict, connectionCache::clear);
        changes.subscribe(NUMBERS, numberCache::evict, numberCache::clear);
    }

    /** The connection named {@code id}; no I/O when cached. */
    Uni<Optional<Connection>> connection(String id) {
        return connectionCache.get(id, () -> connections.find(id));
    }

    /** Who owns {@code number} (E.164); no I/O when cached. */
    Uni<Optional<AssignedNumber>> number(String number) {
        return numberCache.get(number, () -> numbers.find(number));
    }

    /** Drops the connection here at once, and on every other replica when the notice arrives. */
    Uni<Void> connectionChanged(String id) {
        connectionCache.evict(id);
        return changes.publish(CONNECTIONS, id);
    }

    /** Drops these numbers here at once, and on every other replica when the notices arrive. */
    Uni<Void> numbersChanged(Collection<String> changed) {
        var distinct = new TreeSet<>(changed);
        distinct.forEach(numberCache::evict);
        return Multi.createFrom().iterable(distinct)
                .onItem().transformToUniAndConcatenate(number -> changes.publish(NUMBERS, number))
                .collect().last().replaceWithVoid();
    }
}
