package io.tally.usage;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tally.ledger.LedgerConfig;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;

/**
 * Copies the ledger's events from Redis to PostgreSQL (docs/usage.md "The writer"). Every replica is one consumer of
 * one group on each partition stream, and runs {@code lanes} loops ({@link WriterLane}) over disjoint sets of
 * partitions, so that batches of different partitions are written side by side. On shutdown it stops reading and
 * writes what it holds.
 */
@Singleton
class UsageWriter {
    private static final Logger LOG = Logger.getLogger(UsageWriter.class);

    private final UsageConfig.Writer config;
    private final int partitions;
    private final UsageRepository repository;
    private final EventDetails details;
    private final Vertx vertx;
    private final Clock clock;
    private final String redisUrl;
    private final boolean redisCluster;
    private final Meters meters;
    private final List<WriterLane> lanes = new ArrayList<>();
    private RedisPipes redis;
    private EventStream stream;

    /** The writer's metrics, shared by its lanes. */
    record Meters(Counter written, Counter failures, DistributionSummary batchSizes, Timer flushTimes) {
    }

    UsageWriter(UsageConfig usage, LedgerConfig ledger, UsageRepository repository, EventDetails details, Vertx vertx,
            Clock clock, MeterRegistry registry, @ConfigProperty(name = "tally.redis.url") String redisUrl,
            @ConfigProperty(name = "tally.redis.cluster", defaultValue = "false") boolean redisCluster) {
        this.config = usage.writer();
        this.partitions = ledger.partitions();
        this.repository = repository;
        this.details = details;
        this.vertx = vertx;
        this.clock = clock;
        this.redisUrl = redisUrl;
        this.redisCluster = redisCluster;
        this.meters = new Meters(
                Counter.builder("tally.usage.events.written")
                        .description("Ledger events written to PostgreSQL").register(registry),
                Counter.builder("tally.usage.flush.failures")
                        .description("Batches PostgreSQL or Redis refused (each is retried)").register(registry),
                DistributionSummary.builder("tally.usage.batch.size")
                        .description("Events per written batch").register(registry),
                Timer.builder("tally.usage.flush").description("Time to write and acknowledge a batch")
                        .register(registry));
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        redis = RedisPipes.open(vertx, "redis-usage-writer", redisUrl, redisCluster, Duration.ofSeconds(10));
        stream = new EventStream(redis, config.group(), config.consumer().orElseGet(UsageWriter::consumerName));
        int count = Math.max(1, Math.min(config.lanes(), partitions));
        for (int lane = 0; lane < count; lane++) {
            var owned = new ArrayList<Integer>();
            for (int p = lane; p < partitions; p += count) {
                owned.add(p);
            }
            lanes.add(new WriterLane(owned, stream, repository, details, config, vertx, clock, meters));
        }
        LOG.infof("Usage writer %s joins group %s on %d partitions in %d lanes", stream.consumer(), config.group(),
                partitions, count);
        lanes.forEach(WriterLane::start);
    }

    /** Stops reading, writes and acknowledges what it holds (up to the drain timeout), then lets the app stop. */
    void stop(@Observes ShutdownEvent event) {
        var stops = lanes.stream().map(WriterLane::stop).toList();
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
            int left = stops.stream().mapToInt(CompletableFuture::join).sum();
            LOG.infof("Usage writer stopped; %d events left unacknowledged", left);
        } catch (Exception e) {
            LOG.warnf("Usage writer did not drain within %s; its pending events will be claimed by another replica",
                    config.drainTimeout());
        }
        if (redis != null) {
            redis.close();
        }
    }

    boolean enabled() {
        return config.enabled();
    }

    EventStream stream() {
        return stream;
    }

    private static String consumerName() {
        var host = System.getenv().getOrDefault("HOSTNAME", "tally");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
