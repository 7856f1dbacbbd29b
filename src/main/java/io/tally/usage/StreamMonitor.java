package io.tally.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * Measures the writer's backlog on every partition (stream length, pending entries, the oldest unwritten event) for
 * the metrics and readiness, trims each stream below the oldest entry the group still needs (never by length), and
 * removes the consumers that replicas long gone left in the group with nothing pending.
 */
@Singleton
class StreamMonitor {
    private static final Logger LOG = Logger.getLogger(StreamMonitor.class);

    private final UsageWriter writer;
    private final UsageConfig.Writer config;
    private final int partitions;
    private final Vertx vertx;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Snapshot last;
    private long timer = -1;

    StreamMonitor(UsageWriter writer, UsageConfig usage, LedgerConfig ledger, Vertx vertx, Clock clock,
            MeterRegistry registry) {
        this.writer = writer;
        this.config = usage.writer();
        this.partitions = ledger.partitions();
        this.vertx = vertx;
        this.clock = clock;
        this.last = Snapshot.none(clock.instant());
        Gauge.builder("tally.usage.stream.length", this, m -> m.last.length())
                .description("Entries in the partition streams").register(registry);
        Gauge.builder("tally.usage.pending", this, m -> m.last.pending())
                .description("Entries delivered to a writer and not yet acknowledged").register(registry);
        Gauge.builder("tally.usage.oldest.pending.age", this, m -> m.last.pendingAge().toMillis() / 1000.0)
                .description("Age in seconds of the oldest pending entry").baseUnit("seconds").register(registry);
        Gauge.builder("tally.usage.lag", this, m -> m.last.lag().toMillis() / 1000.0)
                .description("Age in seconds of the oldest event not yet written to PostgreSQL").baseUnit("seconds")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (writer.enabled()) {
            timer = vertx.setPeriodic(config.monitorInterval().toMillis(), ignored -> tick());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    Snapshot last() {
        return last;
    }

    /** Measures every partition and trims what it may; the snapshot it answers is also the last one. */
    Uni<Snapshot> measure() {
        var now = clock.instant();
        return Multi.createFrom().range(0, partitions)
                .onItem().transformToUniAndMerge(this::measureAndTrim)
                .collect().asList()
                .map(backlogs -> Snapshot.of(backlogs, now))
                .invoke(snapshot -> last = snapshot);
    }

    private Uni<EventStream.Backlog> measureAndTrim(int partition) {
        var stream = writer.stream();
        return stream.backlog(partition)
                .call(backlog -> backlog.length() == 0 ? Uni.createFrom().voidItem()
                        : stream.trim(partition, trimBelow(backlog)).replaceWithVoid())
                .call(() -> stream.removeIdleConsumers(partition, config.consumerIdle()));
    }

    /** Below the oldest entry the group needs, and below the retention window. */
    private String trimBelow(EventStream.Backlog backlog) {
        var needed = backlog.trimBelow();
        long keepFrom = clock.millis() - config.retention().toMillis();
        return EventStream.Backlog.millisOf(needed) < keepFrom ? needed : keepFrom + "-0";
    }

    private void tick() {
        if (writer.stream() == null || !running.compareAndSet(false, true)) {
            return;
        }
        measure()
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(snapshot -> {
                }, failure -> LOG.warnf("Usage backlog check failed: %s", failure));
    }

    /** The backlog over all partitions at {@code at}. */
    record Snapshot(Instant at, long length, long pending, Duration pendingAge, Duration lag, long unsettled) {

        /** Before the first measurement: nothing known, as of the replica's start. */
        static Snapshot none(Instant start) {
            return new Snapshot(start, 0, 0, Duration.ZERO, Duration.ZERO, 0);
        }

        static Snapshot of(List<EventStream.Backlog> backlogs, Instant now) {
            long length = 0;
            long pending = 0;
            long unsettled = 0;
            Optional<Long> oldestPending = Optional.empty();
            Optional<Long> oldestUnwritten = Optional.empty();
            for (var backlog : backlogs) {
                length += backlog.length();
                pending += backlog.pending();
                if (!backlog.settled()) {
                    unsettled++;
                }
                oldestPending = older(oldestPending, backlog.oldestPending());
                oldestUnwritten = older(oldestUnwritten, backlog.oldestUnwritten());
            }
            return new Snapshot(now, length, pending, age(oldestPending, now), age(oldestUnwritten, now), unsettled);
        }

        /**
         * Why readiness is DOWN at {@code now} by this measurement, or empty when it is UP: the measurement is older
         * than {@code maxAge} (the monitor has not managed to measure since: the backlog is unknown, and a lag measured
         * before that says nothing of now), or the oldest unwritten event is older than {@code maxLag}.
         */
        Optional<String> down(Instant now, Duration maxLag, Duration maxAge) {
            if (Duration.between(at, now).compareTo(maxAge) > 0) {
                return Optional.of("measurement older than " + maxAge);
            }
            return lag.compareTo(maxLag) > 0 ? Optional.of("lag over " + maxLag) : Optional.empty();
        }

        private static Optional<Long> older(Optional<Long> oldest, Optional<String> streamId) {
            if (streamId.isEmpty()) {
                return oldest;
            }
            long millis = EventStream.Backlog.millisOf(streamId.get());
            return Optional.of(oldest.map(o -> Math.min(o, millis)).orElse(millis));
        }

        private static Duration age(Optional<Long> millis, Instant now) {
            return millis.map(m -> Duration.ofMillis(Math.max(0, now.toEpochMilli() - m))).orElse(Duration.ZERO);
        }
    }
}
