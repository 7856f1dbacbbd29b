package io.tally.ledger;

import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;

/** The sweeper renews due lots at every missed boundary, in order, once, however many replicas sweep. */
class RefreshSweepTest {
    private final RedisLedger ledger = TestRedis.opened(new RedisLedger(TestRedis.client(),
            LedgerUnderTest.PARTITIONS, Duration.ofDays(7)));
    private final LedgerUnderTest scripts = new LedgerUnderTest.Scripts(TestRedis.client(), ledger);

    /** The claims this test's sweepers took would keep other tests' sweepers out for ten sweep intervals. */
    @org.junit.jupiter.api.AfterEach
    void dropClaims() {
        for (int p = 0; p < LedgerUnderTest.PARTITIONS; p++) {
            TestRedis.client().send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.DEL)
                    .arg(LedgerKeys.expiriesLock(p))).await().atMost(TestRedis.TIMEOUT);
        }
    }

    private Sweeper sweeper(Instant now) {
        Cycles cycles = account -> Uni.createFrom().item(RefreshCaseTest.CYCLE);
        var clock = Clock.fixed(now, ZoneOffset.UTC);
        // Called directly, the sweeps do not ask the clock guard (a fixed clock months from Redis's is fine here).
        var guard = new io.tally.platform.RedisClock(new io.tally.platform.RedisPipes(TestRedis.client(),
                TestRedis.TIMEOUT), clock, Duration.ofDays(3650));
        return new Sweeper(ledger, cycles, config(), clock, guard, TestRedis.vertx(), new SimpleMeterRegistry());
    }

    @Test
    void threeMissedBoundariesAreRenewedInOrderOnceByTwoRacingReplicas() {
        var book = book();
        scripts.grant(RefreshCaseTest.grant(book, RefreshCaseTest.plan("plan", 1000, "NONE")));
        var now = Instant.parse("2026-06-01T00:00:00Z").plus(Duration.ofHours(5));

        var both = Uni.join().all(sweeper(now).sweepRefreshesOnce(), sweeper(now).sweepRefreshesOnce())
                .andFailFast().await().atMost(TestRedis.TIMEOUT);
        int again = sweeper(now).sweepRefreshesOnce().await().atMost(TestRedis.TIMEOUT);

        var renewals = events(scripts, book).stream().filter(e -> e.get("type").equals("refresh-credits"))
                .map(e -> Instant.ofEpochMilli(Long.parseLong(e.get("cycle")))).toList();
        assertThat(renewals).containsExactly(Instant.parse("2026-04-01T00:00:00Z"),
                Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"));
        assertThat(both.get(0) + both.get(1) + again).as("renewals counted").isGreaterThanOrEqualTo(3);
        var balance = balanced(scripts, book);
        assertThat(balance.granted()).isEqualTo(4000);
        assertThat(balance.expired()).isEqualTo(3000);
        assertThat(ledger.dueRefreshes(book.partition(), now, 1000).await().atMost(TestRedis.TIMEOUT))
                .noneMatch(lot -> lot.account().equals(book.account));
    }

    private static LedgerConfig config() {
        return new LedgerConfig() {
            public int partitions() {
                return LedgerUnderTest.PARTITIONS;
            }

            public Duration idempotencyTtl() {
                return Duration.ofDays(7);
            }

            public boolean legacyIdempotency() {
                return false;
            }

            @Override
            public boolean sortedIndex() {
                return true;
            }

            public Duration sweepInterval() {
                return Duration.ofSeconds(1);
            }

            public String validity() {
                return "";
            }

            public int sweepBatch() {
                return 200;
            }

            public Duration expiryWarningInterval() {
                return Duration.ofMinutes(1);
            }
        };
    }
}
