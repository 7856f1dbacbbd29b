package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;

class ConfigCacheTest {
    private final MovableClock clock = new MovableClock();
    private final List<Throwable> reloadFailures = new ArrayList<>();
    private final ConfigCache<String> cache = new ConfigCache<>(Duration.ofMinutes(5), MAX_STALENESS, clock, 3,
            reloadFailures::add);
    private final AtomicInteger loads = new AtomicInteger();
    private String stored = "v1";
    /** What the next load fails with (PostgreSQL down), or null to answer {@link #stored}. */
    private RuntimeException down;

    private static final Duration MAX_STALENESS = Duration.ofHours(1);

    private String get(String key) {
        return cache.get(key, () -> Uni.createFrom().item(() -> {
            loads.incrementAndGet();
            if (down != null) {
                throw down;
            }
            return stored;
        })).await().indefinitely();
    }

    private static RuntimeException postgresDown() {
        return new CompletionException(new ConnectException("Connection refused: /127.0.0.1:5432"));
    }

    @Test
    void answersFromMemoryOnceLoaded() {
        assertThat(get("acme")).isEqualTo("v1");
        stored = "v2";
        assertThat(get("acme")).isEqualTo("v1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void anEvictedKeyLoadsAgainAndOthersStay() {
        get("acme");
        get("globex");
        stored = "v2";
        cache.evict("acme");
        assertThat(get("acme")).isEqualTo("v2");
        assertThat(get("globex")).isEqualTo("v1");
        assertThat(loads).hasValue(3);
    }

    @Test
    void clearDropsEverything() {
        get("acme");
        get("globex");
        stored = "v2";
        cache.clear();
        assertThat(get("acme")).isEqualTo("v2");
        assertThat(get("globex")).isEqualTo("v2");
    }

    @Test
    void anEntryExpiresAfterItsTtlEvenWithoutAnyMessage() {
        get("acme");
        stored = "v2";
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        assertThat(get("acme")).isEqualTo("v1");
        clock.advance(Duration.ofMillis(1));
        assertThat(get("acme")).isEqualTo("v2");
    }

    @Test
    void aLoadInFlightDuringAnEvictionIsAnsweredButNotKept() {
        var pending = new AtomicReference<UniEmitter<? super String>>();
        var answer = new AtomicReference<String>();
        cache.get("acme", () -> Uni.createFrom().<String> emitter(pending::set)).subscribe().with(answer::set);

        cache.evict("acme"); // the change committed after the load read "v1"
        pending.get().complete("v1");

        assertThat(answer).hasValue("v1");
        assertThat(cache.peek("acme")).isEmpty();
        stored = "v2";
        assertThat(get("acme")).isEqualTo("v2");
    }

    @Test
    void concurrentMissesShareOneLoad() {
        var pending = new AtomicReference<UniEmitter<? super String>>();
        var answers = new ArrayList<String>();
        for (int caller = 0; caller < 3; caller++) {
            cache.get("acme", () -> Uni.createFrom().<String> emitter(emitter -> {
                loads.incrementAndGet();
                pending.set(emitter);
            })).subscribe().with(answers::add);
        }

        pending.get().complete("v1");

        assertThat(loads).hasValue(1);
        assertThat(answers).containsExactly("v1", "v1", "v1");
        assertThat(cache.peek("acme")).contains("v1");
    }

    @Test
    void aMissAfterAnEvictionDoesNotJoinTheLoadInFlight() {
        var pending = new ArrayList<UniEmitter<? super String>>();
        var before = new AtomicReference<String>();
        var after = new AtomicReference<String>();
        cache.get("acme", () -> Uni.createFrom().<String> emitter(pending::add)).subscribe().with(before::set);
        cache.evict("acme");
        cache.get("acme", () -> Uni.createFrom().<String> emitter(pending::add)).subscribe().with(after::set);

        assertThat(pending).hasSize(2);
        pending.get(0).complete("v1");
        pending.get(1).complete("v2");

        assertThat(before).hasValue("v1");
        assertThat(after).hasValue("v2");
        assertThat(cache.peek("acme")).contains("v2");
    }

    @Test
    void aFailedLoadFailsItsCallersAndTheNextMissLoadsAgain() {
        var pending = new AtomicReference<UniEmitter<? super String>>();
        var failures = new AtomicInteger();
        for (int caller = 0; caller < 2; caller++) {
            cache.get("acme", () -> Uni.createFrom().<String> emitter(pending::set))
                    .subscribe().with(value -> {
                    }, failure -> failures.incrementAndGet());
        }

        pending.get().fail(new IllegalStateException("postgres is down"));

        assertThat(failures).hasValue(2);
        assertThat(cache.peek("acme")).isEmpty();
        assertThat(get("acme")).isEqualTo("v1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void aReloadThatFailsBecausePostgresIsDownServesTheLastValue() {
        get("acme");
        stored = "v2";
        down = postgresDown();
        clock.advance(Duration.ofMinutes(5));

        assertThat(get("acme")).isEqualTo("v1");
        assertThat(reloadFailures).hasSize(1);

        down = null;
        clock.advance(ConfigCache.RELOAD_BACK_OFF);
        assertThat(get("acme")).isEqualTo("v2");
    }

    @Test
    void afterAFailedReloadTheLastValueIsServedWithoutReloadingForABackOff() {
        get("acme");
        down = postgresDown();
        clock.advance(Duration.ofMinutes(5));
        get("acme");
        get("acme");
        assertThat(loads).hasValue(2);

        clock.advance(ConfigCache.RELOAD_BACK_OFF);
        assertThat(get("acme")).isEqualTo("v1");
        assertThat(loads).hasValue(3);
    }

    @Test
    void pastTheMaximumStalenessAFailedReloadFails() {
        get("acme");
        down = postgresDown();
        clock.advance(MAX_STALENESS.minusMillis(1));
        assertThat(get("acme")).isEqualTo("v1");

        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> get("acme")).hasRootCauseInstanceOf(ConnectException.class);
    }

    @Test
    void anEvictionDropsTheLastValueEvenWhilePostgresIsDown() {
        get("acme");
        down = postgresDown();
        cache.evict("acme"); // a revocation announced on pub/sub

        assertThatThrownBy(() -> get("acme")).hasRootCauseInstanceOf(ConnectException.class);
    }

    @Test
    void anEvictionWhileAReloadIsInFlightStillDropsTheLastValue() {
        get("acme");
        clock.advance(Duration.ofMinutes(5));
        var pending = new AtomicReference<UniEmitter<? super String>>();
        var failure = new AtomicReference<Throwable>();
        cache.get("acme", () -> Uni.createFrom().<String> emitter(pending::set))
                .subscribe().with(value -> {
                }, failure::set);

        cache.evict("acme");
        pending.get().fail(postgresDown());

        assertThat(failure.get()).hasRootCauseInstanceOf(ConnectException.class);
    }

    @Test
    void aClearWhilePostgresIsDownKeepsTheLastValuesAsAFallbackOnly() {
        get("acme");
        down = postgresDown();
        cache.clear(); // the pub/sub subscription was re-established: changes may have been missed

        assertThat(get("acme")).isEqualTo("v1");
        assertThat(loads).as("the value was reloaded first").hasValue(2);
        down = null;
        stored = "v2";
        clock.advance(ConfigCache.RELOAD_BACK_OFF);
        assertThat(get("acme")).isEqualTo("v2");
    }

    /** PostgreSQL unreachable without a refusal (a lost route): the reload hangs, the last value must not wait for it. */
    @Test
    void aReloadThatHangsIsWaitedForBrieflyThenTheLastValueIsServedUntilItEnds() {
        get("acme");
        clock.advance(Duration.ofMinutes(5));
        var pending = new AtomicReference<UniEmitter<? super String>>();
        Supplier<Uni<String>> hanging = () -> Uni.createFrom().<String> emitter(emitter -> {
            loads.incrementAndGet();
            pending.set(emitter);
        });

        var started = System.nanoTime();
        assertThat(cache.get("acme", hanging).await().atMost(Duration.ofSeconds(5))).isEqualTo("v1");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(cache.get("acme", hanging).await().atMost(Duration.ofMillis(100))).as("no second wait")
                .isEqualTo("v1");
        assertThat(loads).as("one load in flight").hasValue(2);
        assertThat(reloadFailures).hasSize(1);

        pending.get().complete("v2"); // the reload ends after all: kept
        assertThat(cache.peek("acme")).contains("v2");
    }

    @Test
    void aLoadThatFailsForAnotherReasonIsNotHiddenByTheLastValue() {
        get("acme");
        down = new IllegalStateException("a bug in the query");
        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> get("acme")).isInstanceOf(IllegalStateException.class);
        assertThat(reloadFailures).isEmpty();
    }

    /**
     * The request scope lives in the request's duplicated context (context propagation is off): a request that joins
     * another's load must be answered on its own context, not on the one the load completes on.
     */
    @Test
    void aCallerThatJoinsALoadIsAnsweredOnItsOwnContext() throws Exception {
        var vertx = io.vertx.core.Vertx.vertx();
        try {
            var loop = vertx.getOrCreateContext();
            var first = VertxContext.createNewDuplicatedContext(loop);
            var second = VertxContext.createNewDuplicatedContext(loop);
            var pending = new AtomicReference<UniEmitter<? super String>>();
            var firstOn = new CompletableFuture<Context>();
            var secondOn = new CompletableFuture<Context>();
            Supplier<Uni<String>> load = () -> Uni.createFrom().<String> emitter(pending::set);
            first.runOnContext(ignored -> cache.get("acme", load)
                    .subscribe().with(value -> firstOn.complete(io.vertx.core.Vertx.currentContext())));
            second.runOnContext(ignored -> cache.get("acme", load)
                    .subscribe().with(value -> secondOn.complete(io.vertx.core.Vertx.currentContext())));
            var started = new CompletableFuture<Void>();
            loop.runOnContext(ignored -> started.complete(null));
            started.get(5, TimeUnit.SECONDS);

            first.runOnContext(ignored -> pending.get().complete("v1")); // the load answers on its starter's context

            assertThat(firstOn.get(5, TimeUnit.SECONDS)).isSameAs(first);
            assertThat(secondOn.get(5, TimeUnit.SECONDS)).isSameAs(second);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void staysWithinItsBound() {
        get("a");
        get("b");
        get("c");
        get("d");
        assertThat(cache.peek("a")).isEmpty();
        assertThat(cache.peek("d")).contains("v1");
    }
}
