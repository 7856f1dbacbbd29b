package io.tally.ledger;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tally.Api;
import io.tally.platform.RedisClock;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * A rebuilt account's lots go on renewing: the rebuild gives each lot that refreshes its next boundary again (the one
 * its latest renewal named, or its first), and the sweeper renews it there exactly once.
 */
@QuarkusTest
class RebuildRefreshTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    RedisLedger ledger;
    @Inject
    RedisPipes redis;
    @Inject
    Cycles cycles;
    @Inject
    LedgerConfig config;
    @Inject
    Vertx vertx;

    @Test
    void aLotRenewedOnceRenewsOnceMoreAtItsNextBoundaryAfterARebuild() {
        var account = Api.newAccount();
        var lot = grantRefreshing(account);
        var cycle = cycles.of(account).await().atMost(TIMEOUT);
        var first = cycle.nextBoundary(Instant.now(), 1);
        var second = cycle.nextBoundary(first, 1);
        sweep(first.plusSeconds(60));
        var before = hash(account);
        assertThat(before.get("cycle:" + lot)).isEqualTo(Long.toString(second.toEpochMilli()));

        rebuild(account);

        assertThat(hash(account)).isEqualTo(before);
        assertThat(scheduled(account, lot)).isEqualTo(second.toEpochMilli());
        var after = second.plusSeconds(60);
        Uni.join().all(sweeper(after).sweepRefreshesOnce(), sweeper(after).sweepRefreshesOnce()).andFailFast()
                .await().atMost(TIMEOUT);
        sweep(after);
        var renewed = hash(account);
        assertThat(renewed.get("granted")).as("the grant and two renewals, by two racing sweepers and one more pass")
                .isEqualTo("15000000");
        assertThat(renewed.get("lot:" + lot)).isEqualTo("5000000");
        assertThat(renewed.get("cycle:" + lot)).isEqualTo(Long.toString(cycle.nextBoundary(second, 1).toEpochMilli()));
    }

    @Test
    void aLotNeverRenewedRenewsAtItsFirstBoundaryAfterARebuild() {
        var account = Api.newAccount();
        var lot = grantRefreshing(account);
        var first = cycles.of(account).await().atMost(TIMEOUT).nextBoundary(Instant.now(), 1);
        var before = hash(account);

        send(Request.cmd(Command.ZREM).arg(refreshes(account)).arg(account + ":" + lot + ":1"));
        send(Request.cmd(Command.HDEL).arg(ledger.keys().account(account)).arg("cycle:" + lot));
        rebuild(account);

        assertThat(hash(account)).isEqualTo(before);
        assertThat(scheduled(account, lot)).isEqualTo(first.toEpochMilli());
        sweep(first.minusSeconds(60));
        assertThat(hash(account).get("granted")).as("not renewed before its boundary").isEqualTo("5000000");
        sweep(first.plusSeconds(60));
        sweep(first.plusSeconds(120));
        assertThat(hash(account).get("granted")).as("renewed once").isEqualTo("10000000");
    }

    private static String grantRefreshing(String account) {
        return asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "plan-allowance",
                "amount", "5", "refresh", Map.of("period", "P1M", "rollover", "NONE")))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201).extract().path("lot");
    }

    /** Rebuilds the account once the usage writer has written all of its events. */
    private static void rebuild(String account) {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!asOperator().get("/v1/accounts/" + account + "/reconciliation").then().statusCode(200).extract()
                .<Boolean> path("settled")) {
            assertThat(System.nanoTime()).as("the writer catches up with " + account).isLessThan(deadline);
            Thread.onSpinWait();
        }
        asOperator().post("/v1/accounts/" + account + "/rebuild").then().statusCode(200);
    }

    /** One pass of a sweeper whose clock stands at {@code now} (over every partition: other tests' lots too). */
    private void sweep(Instant now) {
        sweeper(now).sweepRefreshesOnce().await().atMost(TIMEOUT);
    }

    /**
     * A sweeper at {@code now}, as a replica whose clock is there. The application's own sweeper holds the partitions'
     * claims (renewing them each pass); the claim only spares replicas work, so this one sweeps as if it held them.
     */
    private Sweeper sweeper(Instant now) {
        var clock = Clock.fixed(now, ZoneOffset.UTC);
        var claiming = (Ledger) Proxy.newProxyInstance(Ledger.class.getClassLoader(), new Class<?>[] { Ledger.class },
                (proxy, method, args) -> method.getName().equals("claimExpiries") ? Uni.createFrom().item(true)
                        : method.invoke(ledger, args));
        return new Sweeper(claiming, cycles, config, clock, new RedisClock(redis, clock, Duration.ofDays(3650)), vertx,
                new SimpleMeterRegistry());
    }

    private long scheduled(String account, String lot) {
        return send(Request.cmd(Command.ZSCORE).arg(refreshes(account)).arg(account + ":" + lot + ":1")).toDouble()
                .longValue();
    }

    private String refreshes(String account) {
        return LedgerKeys.refreshes(ledger.keys().partition(account));
    }

    private Map<String, String> hash(String account) {
        var response = send(Request.cmd(Command.HGETALL).arg(ledger.keys().account(account)));
        var map = new java.util.TreeMap<String, String>();
        for (var field : response.getKeys()) {
            var value = response.get(field).toString();
            if (!value.equals("0")) { // a rebuild writes the totals even when 0; a number Redis lacks is 0
                map.put(field, value);
            }
        }
        return map;
    }

    private Response send(Request request) {
        return redis.send(request).await().atMost(TIMEOUT);
    }
}
