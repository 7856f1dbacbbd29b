package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConfigCacheTest {
    private final MovableClock clock = new MovableClock();
    private final ConfigCache<String> cache = new ConfigCache<>(Duration.ofMinutes(5), clock, 3);
    private final AtomicInteger loads = new AtomicInteger();
    private String stored = "v1";

    private String get(String key) {
        return cache.get(key, () -> Uni.createFrom().item(() -> {
            loads.incrementAndGet();
            return stored;
        })).await().indefinitely();
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
        cache.get("acme", () -> Uni.createFrom().<String>emitter(pending::set)).subscribe().with(answer::set);

        cache.evict("acme");            // the change committed after the load read "v1"
        pending.get().complete("v1");

        assertThat(answer).hasValue("v1");
        assertThat(cache.peek("acme")).isEmpty();
        stored = "v2";
        assertThat(get("acme")).isEqualTo("v2");
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

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
