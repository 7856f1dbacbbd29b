package io.tally.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tally.ledger.LedgerConfig;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Copies the ledger's events from Redis to PostgreSQL (docs/usage.md "The writer"). Every replica is one consumer of
 * one group on each partition stream. One loop per replica: read new entries from every partition (and, now and
 * then, claim the stale pending entries of dead consumers), and when the batch is full or old enough, write it in one
 * transaction and acknowledge it. A batch that fails is retried as it is, without reading more, so the writer never
 * holds more than {@code batchSize} plus one entry per partition. On shutdown it stops reading and writes what it holds.
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
    private final Counter written;
    private final Counter failures;
    private final DistributionSummary batchSizes;
    private final Timer flushTimes;

    private final List<LedgerEvent> buffer = new ArrayList<>();
    private final Set<Integer> hot = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private RedisPipes redis;
    private EventStream stream;
    private Instant firstBuffered;
    private Instant lastClaim = Instant.EPOCH;
    private boolean retrying;
    private volatile boolean stopping;

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
        this.written = Counter.builder("tally.usage.events.written")
                .description("Ledger events written to PostgreSQL").register(registry);
        this.failures = Counter.builder("tally.usage.flush.failures")
                .description("Batches PostgreSQL or Redis refused (each is retried)").register(registry);
        this.batchSizes = DistributionSummary.builder("tally.usage.batch.size")
                .description("Events per written batch").register(registry);
        this.flushTimes = Timer.builder("tally.usage.flush").description("Time to write and acknowledge a batch")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            stopped.complete(null);
            return;
        }
        redis = RedisPipes.open(vertx, redisUrl, redisCluster, Duration.ofSeconds(10));
        stream = new EventStream(redis, config.group(), config.consumer().orElseGet(UsageWriter::consumerName));
        LOG.infof("Usage writer %s joins group %s on %d partitions", stream.consumer(), config.group(), partitions);
        vertx.runOnContext(this::cycle);
    }

    /** Stops reading, writes and acknowledges what it holds (up to the drain timeout), then lets the app stop. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        try {
            stopped.get(config.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Usage writer stopped; %d events left unacknowledged", buffer.size());
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

    private void cycle() {
        if (stopping && (buffer.isEmpty() || retrying)) {
            stopped.complete(null);
            return;
        }
        step().subscribe().with(this::after, failure -> {
            failures.increment();
            LOG.warnf("Usage writer: %s; retrying in %s", failure.toString(), config.retryBackoff());
            after(config.retryBackoff());
        });
    }

    /** One step: retry a failed batch, or read and maybe write; answers how long to wait before the next one. */
    private Uni<Duration> step() {
        if (retrying || stopping) {
            return flush().replaceWith(Duration.ZERO);
        }
        return joined()
                .chain(this::read)
                .chain(read -> due() ? flush().replaceWith(Duration.ZERO)
                        : Uni.createFrom().item(read > 0 ? Duration.ZERO : wait(buffer.isEmpty())));
    }

    private void after(Duration delay) {
        if (delay.isZero()) {
            vertx.runOnContext(this::cycle);
        } else {
            vertx.setTimer(delay.toMillis(), ignored -> cycle());
        }
    }

    private boolean joinedAll;

    /** Joins the group on every partition once (the streams may not exist yet; MKSTREAM creates them). */
    private Uni<Void> joined() {
        if (joinedAll) {
            return Uni.createFrom().voidItem();
        }
        var joins = new ArrayList<Uni<Void>>();
        for (int p = 0; p < partitions; p++) {
            joins.add(stream.join(p));
        }
        return Uni.join().all(joins).andFailFast().invoke(() -> joinedAll = true).replaceWithVoid();
    }

    /** Reads every partition once (claims too, when due); answers how many entries arrived. */
    private Uni<Integer> read() {
        var now = clock.instant();
        boolean claim = !now.isBefore(lastClaim.plus(config.claimInterval()));
        if (claim) {
            lastClaim = now;
        }
        var counts = counts(config.batchSize() - buffer.size());
        var reads = new ArrayList<Uni<List<LedgerEvent>>>();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            int count = counts[p];
            reads.add(stream.read(partition, count)
                    .invoke(events -> markHot(partition, events.size() >= count))
                    .onFailure().invoke(failure -> LOG.debugf("Read of partition %d failed: %s", partition, failure))
                    .onFailure().recoverWithItem(List.of()));
            if (claim) {
                reads.add(stream.claim(partition, config.claimIdle(), Math.max(1, count))
                        .onFailure().recoverWithItem(List.of()));
            }
        }
        return Uni.join().all(reads).andFailFast()
                .map(this::buffered);
    }

    private int buffered(List<List<LedgerEvent>> reads) {
        int read = 0;
        for (var events : reads) {
            if (!events.isEmpty() && buffer.isEmpty()) {
                firstBuffered = clock.instant();
            }
            buffer.addAll(events);
            read += events.size();
        }
        return read;
    }

    /**
     * How many entries to ask of each partition: the free room shared out, half to the partitions that filled their
     * last read (busy accounts) when there are some; at least one each.
     */
    int[] counts(int room) {
        var counts = new int[partitions];
        if (hot.isEmpty()) {
            java.util.Arrays.fill(counts, Math.max(1, room / partitions));
            return counts;
        }
        int perHot = Math.max(1, room / 2 / hot.size());
        int perCold = Math.max(1, room / 2 / Math.max(1, partitions - hot.size()));
        for (int p = 0; p < partitions; p++) {
            counts[p] = hot.contains(p) ? perHot : perCold;
        }
        return counts;
    }

    private void markHot(int partition, boolean full) {
        if (full) {
            hot.add(partition);
        } else {
            hot.remove(partition);
        }
    }

    private boolean due() {
        return !buffer.isEmpty() && (buffer.size() >= config.batchSize()
                || !clock.instant().isBefore(firstBuffered.plus(config.batchTime())));
    }

    private Duration wait(boolean idle) {
        if (idle) {
            return config.pollInterval();
        }
        var left = Duration.between(clock.instant(), firstBuffered.plus(config.batchTime()));
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : min(left, config.pollInterval());
    }

    /** Writes the buffer in one transaction, then acknowledges it; on failure the buffer is kept for a retry. */
    private Uni<Void> flush() {
        if (buffer.isEmpty()) {
            retrying = false;
            return Uni.createFrom().voidItem();
        }
        var batch = List.copyOf(buffer);
        var sample = Timer.start();
        var entries = new ArrayList<LedgerEntry>(batch.size());
        var records = new LinkedHashMap<String, UsageRecord>();
        var acks = new TreeMap<Integer, List<String>>();
        for (var event : batch) {
            try {
                entries.add(LedgerEntry.of(event));
                details.record(event).ifPresent(record -> records.merge(record.id() + "@" + record.occurredAt(),
                        record, UsageRecord::merge));
                acks.computeIfAbsent(event.partition(), p -> new ArrayList<>()).add(event.streamId());
            } catch (RuntimeException e) {
                // Not acknowledged: it stays pending and visible in the backlog until someone looks at it.
                LOG.errorf("Unwritable ledger event %s in partition %d: %s", event.streamId(), event.partition(), e);
            }
        }
        retrying = true;
        return repository.write(dedupe(entries), records.values())
                .chain(() -> acknowledge(acks))
                .invoke(() -> {
                    buffer.clear();
                    retrying = false;
                    written.increment(entries.size());
                    batchSizes.record(entries.size());
                    sample.stop(flushTimes);
                });
    }

    private Uni<Void> acknowledge(Map<Integer, List<String>> acks) {
        var unis = new ArrayList<Uni<Void>>();
        acks.forEach((partition, ids) -> unis.add(stream.ack(partition, ids)));
        return unis.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(unis).andFailFast().replaceWithVoid();
    }

    /** A claimed entry may also have been read in the same batch: one row per event. */
    private static List<LedgerEntry> dedupe(List<LedgerEntry> entries) {
        var seen = new HashSet<String>();
        var unique = new ArrayList<LedgerEntry>(entries.size());
        for (var entry : entries) {
            if (seen.add(entry.eventId())) {
                unique.add(entry);
            }
        }
        return unique;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String consumerName() {
        var host = System.getenv().getOrDefault("HOSTNAME", "tally");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
