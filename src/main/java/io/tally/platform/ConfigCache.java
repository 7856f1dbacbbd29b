package io.tally.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A replica's cache of configuration kept in PostgreSQL: an entry is loaded on first use, answered from memory
 * while fresh, and dropped when {@link ConfigChanges} says it changed ({@link #evict}), when changes may have been
 * missed ({@link #clear}), or when its TTL runs out (the safety net).
 *
 * <p>
 * Concurrent misses of one key share one load (single flight), so an eviction or an expiry of a hot key under load
 * costs PostgreSQL one read, not one per waiting request. A load that was in flight when an eviction happened is
 * answered to its callers but not kept, and callers after the eviction do not join it: it may have read the
 * configuration from before the change. A failed load is not kept either; the next miss loads again.
 *
 * <p>
 * Callers that join a load are answered on their own Vert.x context (the request scope lives in the request's
 * duplicated context; context propagation is off), not on the one that started the load.
 */
public final class ConfigCache<V> {
    private final Duration ttl;
    private final Clock clock;
    private final int maxEntries;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    /** The loads in flight, one per key at most; an eviction drops them so that later misses load afresh. */
    private final Map<String, Uni<V>> flights = new ConcurrentHashMap<>();
    /** Bumped by every eviction; a load keeps its result only if none happened since it started. */
    private final AtomicLong evictions = new AtomicLong();

    private record Entry<V>(V value, Instant expiresAt) {
    }

    /** @param maxEntries beyond this many entries the cache starts over (a bound, not an LRU) */
    public ConfigCache(Duration ttl, Clock clock, int maxEntries) {
        this.ttl = ttl;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** The value of {@code key}: from memory when fresh, else from {@code load}, which is then kept. */
    public Uni<V> get(String key, Supplier<Uni<V>> load) {
        var entry = entries.get(key);
        if (entry != null && clock.instant().isBefore(entry.expiresAt())) {
            return Uni.createFrom().item(entry.value());
        }
        return Uni.createFrom().deferred(() -> flight(key, load));
    }

    /** The load in flight for {@code key}, joined, or a new one started. */
    private Uni<V> flight(String key, Supplier<Uni<V>> load) {
        var mine = newFlight(key, load); // loads nothing until subscribed: dropped unsubscribed if another is in flight
        var flight = flights.putIfAbsent(key, mine);
        if (flight == null) {
            return mine;
        }
        var caller = io.vertx.core.Vertx.currentContext();
        return caller == null ? flight : flight.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private Uni<V> newFlight(String key, Supplier<Uni<V>> load) {
        long seen = evictions.get();
        var holder = new Object() {
            Uni<V> flight;
        };
        holder.flight = Uni.createFrom().deferred(() -> load.get())
                .invoke(value -> keep(key, value, seen))
                .onTermination().invoke(() -> flights.remove(key, holder.flight))
                .memoize().indefinitely();
        return holder.flight;
    }

    /** The value of {@code key} if it is cached and fresh, without loading: for tests and metrics. */
    public Optional<V> peek(String key) {
        var entry = entries.get(key);
        return entry != null && clock.instant().isBefore(entry.expiresAt())
                ? Optional.of(entry.value())
                : Optional.empty();
    }

    public void evict(String key) {
        evictions.incrementAndGet();
        flights.remove(key);
        entries.remove(key);
    }

    public void clear() {
        evictions.incrementAndGet();
        flights.clear();
        entries.clear();
    }

    private void keep(String key, V value, long seen) {
        if (evictions.get() != seen) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        var entry = new Entry<>(value, clock.instant().plus(ttl));
        entries.put(key, entry);
        // An eviction between the check above and the put must still win.
        if (evictions.get() != seen) {
            entries.remove(key, entry);
        }
    }
}
