package io.tally.receipt;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.ledger.LedgerConfig;
import io.vertx.mutiny.core.Vertx;

/**
 * Receipts whose message no dispatch named: parked longer than {@code tally.receipts.unmatched-after} they are
 * unmatched, listed for operators and counted by the gauge {@code tally.receipts.unmatched} (each replica counts
 * every partition each {@code report-interval}, and forgets what is older than the parking TTL, whose hashes Redis
 * dropped). Nothing is dropped before the parking TTL.
 */
@Singleton
class UnmatchedReceipts {
    private static final Logger LOG = Logger.getLogger(UnmatchedReceipts.class);

    private final RedisReceipts redis;
    private final ReceiptsConfig config;
    private final int partitions;
    private final Clock clock;
    private final Vertx vertx;
    private final AtomicLong unmatched = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    UnmatchedReceipts(RedisReceipts redis, ReceiptsConfig config, LedgerConfig ledger, Clock clock, Vertx vertx,
            MeterRegistry registry) {
        this.redis = redis;
        this.config = config;
        this.partitions = ledger.partitions();
        this.clock = clock;
        this.vertx = vertx;
        Gauge.builder("tally.receipts.unmatched", unmatched, AtomicLong::get)
                .description("Carrier messages whose receipts no dispatch matched for longer than unmatched-after")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.reportInterval().toMillis(), ignored -> report());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Up to {@code limit} unmatched messages, partition by partition, oldest first within each. */
    Uni<List<UnmatchedView>> list(int limit) {
        long before = clock.instant().minus(config.unmatchedAfter()).toEpochMilli();
        return Multi.createFrom().range(0, partitions)
                .onItem().transformToUniAndConcatenate(p -> redis.parked(p, before, limit))
                .onItem().transformToIterable(members -> members)
                .select().first(limit)
                .onItem().transformToUniAndConcatenate(parked -> redis.message(parked.partition(), parked.member())
                        .map(hash -> UnmatchedView.of(parked.member(), parked.since(), hash)))
                .collect().asList();
    }

    /** Forgets what is past the parking TTL, then counts the unmatched messages of every partition. */
    Uni<Long> count() {
        var now = clock.instant();
        long expired = now.minus(config.parkingTtl()).toEpochMilli();
        long before = now.minus(config.unmatchedAfter()).toEpochMilli();
        return Multi.createFrom().range(0, partitions)
                .onItem().transformToUniAndConcatenate(p -> redis.forgetParked(p, expired)
                        .chain(() -> redis.countParked(p, before)))
                .collect().with(java.util.stream.Collectors.summingLong(Long::longValue))
                .invoke(unmatched::set);
    }

    private void report() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        count().onTermination().invoke(() -> running.set(false))
                .subscribe().with(count -> {
                }, failure -> LOG.warnf("Counting unmatched receipts failed: %s", failure.toString()));
    }
}
