package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/** Two replicas' timers on one lock: each interval, one of them runs the job. */
@QuarkusTest
class RedisLockedTimerTest {
    @Inject
    Vertx vertx;
    @Inject
    RedisPipes redis;
    @Inject
    Clock clock;

    @Test
    void oneReplicaRunsEachInterval() throws InterruptedException {
        var lock = "test:timer:" + UUID.randomUUID();
        var first = new AtomicInteger();
        var second = new AtomicInteger();
        var a = new RedisLockedTimer(vertx, redis, clock, lock, Duration.ofSeconds(3), () -> count(first));
        var b = new RedisLockedTimer(vertx, redis, clock, lock, Duration.ofSeconds(3), () -> count(second));
        a.start();
        b.start();
        try {
            Thread.sleep(7_000); // two ticks each, at about 3 s and 6 s
        } finally {
            a.stop();
            b.stop();
        }
        assertThat(first.get() + second.get()).as("runs of both replicas").isEqualTo(2);
    }

    private static Uni<Integer> count(AtomicInteger runs) {
        return Uni.createFrom().item(runs::incrementAndGet);
    }
}
