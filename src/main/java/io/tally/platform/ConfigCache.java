package io.tally.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A replica's cache of configuration kept in PostgreSQL: an entry is loaded on first use, answered from memory
 * while fresh, and dropped when {@link ConfigChanges} says it changed ({@link #evict}). When changes may have been
 * missed ({@link #clear}) or its TTL runs out (the safety net), an entry is loaded again before it is used.
 *
 * <p>
 * The hot path must not need PostgreSQL: when that reload fails because a backing store is unavailable
 * ({@link Unavailable}), the last value loaded is answered instead, for at most {@code maxStaleness} after it was
 * loaded, and the reload is tried again after {@link #RELOAD_BACK_OFF} (not once per request). A reload that hangs
 * (PostgreSQL unreachable without a refusal) is waited for {@link #RELOAD_WAIT} at most, then treated as failed until
 * it ends; what it loads is still kept. An eviction still
 * drops the entry at once, so a revocation announced on pub/sub applies during an outage too; past the maximum
 * staleness, or for a key never loaded, the failure reaches the caller (503). A reload that fails for another
 * reason (a bug) is not hidden.
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
    /** After a reload failed for want of a backing store, the last value is answered this long before trying again. */
    static final Duration RELOAD_BACK_OFF = Duration.ofSeconds(1);
    /**
     * How long a caller that has a last value to fall back on waits for a reload: PostgreSQL unreachable without a
     * refusal (a lost route) leaves a connection attempt hanging until its own timeout.
     */
    static final Duration RELOAD_WAIT = Duration.ofMillis(500);

    private final Duration ttl;
    private final Duration maxStaleness;
    private final Clock clock;
    private final int maxEntries;
    private final Consumer<Throwable> reloadFailed;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    /** The loads in flight, one per key at most; an eviction drops them so that later misses load afresh. */
    private final Map<String, Uni<V>> flights = new ConcurrentHashMap<>();
    /** Bumped by every eviction; a load keeps its result only if none happened since it started. */
    private final AtomicLong evictions = new AtomicLong();

    /**
     * @param freshUntil answered without loading until then
     * @param usableUntil answered when a reload fails for want of a backing store until then
     */
    private record Entry<V>(V value, Instant freshUntil, Instant usableUntil) {
        /** The same value, answered without loading until {@code until} (never past {@code usableUntil}). */
        Entry<V> freshFor(Instant until) {
            return new Entry<>(value, until.isBefore(usableUntil) ? until : usableUntil, usableUntil);
        }
    }

    /**
     * @param ttl how long a loaded value is answered without loading it again
     * @param maxStaleness how long after it was loaded a value is still answered while it cannot be reloaded
     *        (a backing store unavailable); no longer than {@code ttl} means never
     * @param maxEntries beyond this many entries the cache starts over (a bound, not an LRU)
     * @param reloadFailed told of each failed reload whose caller got the last value instead (for metrics and logs)
     */
    public ConfigCache(Duration ttl, Duration maxStaleness, Clock clock, int maxEntries,
            Consumer<Throwable> reloadFailed) {
        this.ttl = ttl;
        this.maxStaleness = maxStaleness.compareTo(ttl) > 0 ? maxStaleness : ttl;
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.reloadFailed = reloadFailed;
    }

    /**
     * The value of {@code key}: from memory when fresh, else from {@code load}, which is then kept; when the load
     * fails for want of a backing store, the last value while it is within the maximum staleness.
     */
    public Uni<V> get(String key, Supplier<Uni<V>> load) {
        var entry = entries.get(key);
        if (entry != null && clock.instant().isBefore(entry.freshUntil())) {
            return Uni.createFrom().item(entry.value());
        }
        Uni<V> loading = Uni.createFrom().deferred(() -> flight(key, load));
        if (usable(key).isPresent()) {
            var caller = io.vertx.core.Vertx.currentContext();
            loading = loading.ifNoItem().after(RELOAD_WAIT).failWith(() -> new ReloadTooSlow(key));
            if (caller != null) { // the deadline fires on a timer thread: answer on the caller's context
                loading = loading.emitOn(task -> caller.runOnContext(ignored -> task.run()));
            }
        }
        return loading.onFailure().recoverWithUni(failure -> fallback(key, failure));
    }

    /** A reload still running after {@link #RELOAD_WAIT}: the last value is answered meanwhile. */
    private static final class ReloadTooSlow extends TimeoutException {
        private static final long serialVersionUID = 1L;

        ReloadTooSlow(String key) {
            super("the reload of " + key + " took longer than " + RELOAD_WAIT.toMillis() + " ms");
        }
    }

    /** The last value of {@code key} when the load failed for want of a backing store and one may be answered. */
    private Uni<V> fallback(String key, Throwable failure) {
        if (failure instanceof ReloadTooSlow) {
            failed(key, failure); // the next callers answer at once, not after waiting too
        }
        var entry = usable(key);
        return entry.isPresent() && Unavailable.test(failure)
                ? Uni.createFrom().item(entry.get().value())
                : Uni.createFrom().failure(failure);
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
                .onFailure().invoke(failure -> failed(key, failure))
                .onTermination().invoke(() -> flights.remove(key, holder.flight))
                .memoize().indefinitely();
        return holder.flight;
    }

    /** The entry of {@code key} if it may still be answered when it cannot be reloaded. */
    private Optional<Entry<V>> usable(String key) {
        var entry = entries.get(key);
        return entry != null && clock.instant().isBefore(entry.usableUntil()) ? Optional.of(entry) : Optional.empty();
    }

    /** A reload that failed for want of a backing store: the last value is answered for a while without trying. */
    private void failed(String key, Throwable failure) {
        var entry = usable(key);
        if (entry.isEmpty() || !Unavailable.test(failure)) {
            return;
        }
        entries.replace(key, entry.get(), entry.get().freshFor(clock.instant().plus(RELOAD_BACK_OFF)));
        reloadFailed.accept(failure);
    }

    /** The value of {@code key} if it is cached and fresh, without loading: for tests and metrics. */
    public Optional<V> peek(String key) {
        var entry = entries.get(key);
        return entry != null && clock.instant().isBefore(entry.freshUntil())
                ? Optional.of(entry.value())
                : Optional.empty();
    }

    /** Drops the entry: it is loaded again before it is used, and never answered as a fallback. */
    public void evict(String key) {
        evictions.incrementAndGet();
        flights.remove(key);
        entries.remove(key);
    }

    /**
     * Every entry is loaded again before it is used (changes may have been missed); until then the entries are kept
     * as the fallback for a reload that fails for want of a backing store.
     */
    public void clear() {
        evictions.incrementAndGet();
        flights.clear();
        var expired = Instant.MIN;
        entries.replaceAll((key, entry) -> entry.freshFor(expired));
    }

    private void keep(String key, V value, long seen) {
        if (evictions.get() != seen) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        var now = clock.instant();
        var entry = new Entry<>(value, now.plus(ttl), now.plus(maxStaleness));
        entries.put(key, entry);
        // An eviction between the check above and the put must still win.
        if (evictions.get() != seen) {
            entries.remove(key, entry);
        }
    }
}
