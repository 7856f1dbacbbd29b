package io.tally.usage;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * One loop of the usage writer over a fixed set of partitions: read new entries from each (and, now and then, claim
 * the stale pending entries of dead consumers); when the batch is full or old enough, write it in one transaction
 * and acknowledge it. A batch that fails is retried as it is, without reading more, so a lane never holds more than
 * {@code batchSize} plus one entry per partition. Lanes own disjoint partitions, so their transactions never touch
 * the same rows (all events of a reservation are in its account's partition) and run side by side.
 */
final class WriterLane {
    private static final Logger LOG = Logger.getLogger(WriterLane.class);

    private final List<Integer> partitions;
    private final EventStream stream;
    private final UsageRepository repository;
    private final EventDetails details;
    private final UsageConfig.Writer config;
    private final Vertx vertx;
    private final Clock clock;
    private final UsageWriter.Meters meters;
    private final List<LedgerEvent> buffer = new ArrayList<>();
    private final Set<Integer> hot = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<Integer> stopped = new CompletableFuture<>();
    private Instant firstBuffered;
    private Instant lastClaim = Instant.EPOCH;
    private boolean joined;
    private boolean retrying;
    private volatile boolean stopping;

    WriterLane(List<Integer> partitions, EventStream stream, UsageRepository repository, EventDetails details,
            UsageConfig.Writer config, Vertx vertx, Clock clock, UsageWriter.Meters meters) {
        this.partitions = List.copyOf(partitions);
        this.stream = stream;
        this.repository = repository;
        this.details = details;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.meters = meters;
    }

    void start() {
        vertx.runOnContext(this::cycle);
    }

    /** Stops reading; completes with the number of events it still held when it stopped. */
    CompletableFuture<Integer> stop() {
        stopping = true;
        return stopped;
    }

    /** One step, then the next: nothing that goes wrong in a step may end the loop. */
    private void cycle() {
        if (stopping && (buffer.isEmpty() || retrying)) {
            stopped.complete(buffer.size());
            return;
        }
        try {
            step().subscribe().with(this::after, this::failed);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(Throwable failure) {
        meters.failures().increment();
        LOG.warnf("Usage writer: %s; retrying in %s", failure.toString(), config.retryBackoff());
        after(config.retryBackoff());
    }

    /** One step: retry a failed batch, or read and maybe write; answers how long to wait before the next one. */
    private Uni<Duration> step() {
        if (retrying || stopping) {
            return flush().replaceWith(Duration.ZERO);
        }
        return join()
                .chain(this::read)
                .chain(read -> due() ? flush().replaceWith(Duration.ZERO)
                        : Uni.createFrom().item(read > 0 ? Duration.ZERO : wait(buffer.isEmpty())));
    }

    /** Runs the next step after {@code delay}: at once when zero, else after at least 1 ms (Vert.x's least). */
    private void after(Duration delay) {
        if (delay.isZero()) {
            vertx.runOnContext(this::cycle);
        } else {
            vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> cycle());
        }
    }

    /** Joins the group on each partition once (the streams may not exist yet; MKSTREAM creates them). */
    private Uni<Void> join() {
        if (joined) {
            return Uni.createFrom().voidItem();
        }
        var joins = partitions.stream().map(stream::join).toList();
        return Uni.join().all(joins).andFailFast().invoke(() -> joined = true).replaceWithVoid();
    }

    /** Reads each partition once (claims too, when due); answers how many entries arrived. */
    private Uni<Integer> read() {
        var now = clock.instant();
        boolean claim = !now.isBefore(lastClaim.plus(config.claimInterval()));
        if (claim) {
            lastClaim = now;
        }
        var counts = counts(config.batchSize() - buffer.size());
        var reads = new ArrayList<Uni<List<LedgerEvent>>>();
        for (int i = 0; i < partitions.size(); i++) {
            int partition = partitions.get(i);
            int count = counts[i];
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
        int n = partitions.size();
        var counts = new int[n];
        long busy = partitions.stream().filter(hot::contains).count();
        if (busy == 0) {
            java.util.Arrays.fill(counts, Math.max(1, room / n));
            return counts;
        }
        int perHot = (int) Math.max(1, room / 2 / busy);
        int perCold = (int) Math.max(1, room / 2 / Math.max(1, n - busy));
        for (int i = 0; i < n; i++) {
            counts[i] = hot.contains(partitions.get(i)) ? perHot : perCold;
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
        return left.isNegative() || left.isZero() ? Duration.ofMillis(1)
                : left.compareTo(config.pollInterval()) < 0 ? left : config.pollInterval();
    }

    /** Writes the buffer in one transaction, then acknowledges it; on failure the buffer is kept for a retry. */
    private Uni<Void> flush() {
        if (buffer.isEmpty()) {
            retrying = false;
            return Uni.createFrom().voidItem();
        }
        var sample = Timer.start();
        var entries = new ArrayList<LedgerEntry>(buffer.size());
        var records = new LinkedHashMap<String, UsageRecord>();
        var acks = new TreeMap<Integer, List<String>>();
        var seen = new HashSet<String>();
        for (var event : buffer) {
            try {
                var entry = LedgerEntry.of(event);
                if (seen.add(entry.eventId())) {
                    entries.add(entry);
                    details.record(event).ifPresent(record -> records.merge(record.id() + "@" + record.occurredAt(),
                            record, UsageRecord::merge));
                }
                acks.computeIfAbsent(event.partition(), p -> new ArrayList<>()).add(event.streamId());
            } catch (RuntimeException e) {
                // Not acknowledged: it stays pending and visible in the backlog until someone looks at it.
                LOG.errorf("Unwritable ledger event %s in partition %d: %s", event.streamId(), event.partition(), e);
            }
        }
        retrying = true;
        return repository.write(entries, records.values())
                .chain(() -> acknowledge(acks))
                .invoke(() -> {
                    buffer.clear();
                    retrying = false;
                    meters.written().increment(entries.size());
                    meters.batchSizes().record(entries.size());
                    sample.stop(meters.flushTimes());
                });
    }

    private Uni<Void> acknowledge(Map<Integer, List<String>> acks) {
        var unis = new ArrayList<Uni<Void>>();
        acks.forEach((partition, ids) -> unis.add(stream.ack(partition, ids)));
        return unis.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(unis).andFailFast().replaceWithVoid();
    }
}
