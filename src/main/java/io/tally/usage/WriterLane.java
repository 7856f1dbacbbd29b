package io.tally.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * One loop of the usage writer over a fixed set of partitions: read new entries from each (and, now and then, claim
 * the stale pending entries of dead consumers); when the batch is full or old enough, write it in one transaction
 * and acknowledge it. A batch that fails is retried as it is, without reading more, so a lane never holds more than
 * {@code batchSize} plus one entry per partition. What to write, when, and how long to wait are decided by the pure
 * {@link Batch}; the lane does the I/O. Lanes own disjoint partitions, so their transactions never touch
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
    private final CompletableFuture<Integer> stopped = new CompletableFuture<>();
    private Batch batch = Batch.EMPTY;
    /** For each partition, whether its last read came back full. */
    private List<Boolean> busy;
    private Instant lastClaim = Instant.EPOCH;
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
        this.busy = Collections.nCopies(partitions.size(), false);
    }

    void start() {
        vertx.runOnContext(this::cycle);
    }

    /** Stops reading; completes with the number of events it still held when it stopped. */
    CompletableFuture<Integer> stop() {
        stopping = true;
        return stopped;
    }

    /**
     * One step, then the next: nothing that goes wrong in a step may end the loop. Stopping, the lane writes what it
     * holds once more, unless that already failed (then it stays pending and another replica claims it).
     */
    private void cycle() {
        if (stopping && (batch.isEmpty() || batch.sealed())) {
            stopped.complete(batch.size());
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
        if (batch.sealed() || stopping) {
            return flush().replaceWith(Duration.ZERO);
        }
        return read().chain(read -> {
            var now = clock.instant();
            if (batch.due(now, config.batchSize(), config.batchTime())) {
                return flush().replaceWith(Duration.ZERO);
            }
            return Uni.createFrom().item(read > 0 ? Duration.ZERO
                    : batch.idleWait(now, config.batchTime(), config.pollInterval()));
        });
    }

    /** Runs the next step after {@code delay}: at once when zero, else after at least 1 ms (Vert.x's least). */
    private void after(Duration delay) {
        if (delay.isZero()) {
            vertx.runOnContext(this::cycle);
        } else {
            vertx.setTimer(Math.max(1, delay.toMillis()), ignored -> cycle());
        }
    }

    /**
     * Reads each partition once (claims too, when due) into the batch; answers how many entries arrived. A read that
     * fails reads nothing this time (a missing group is created by the read itself, {@link EventStream#read}).
     */
    private Uni<Integer> read() {
        var now = clock.instant();
        boolean claim = !now.isBefore(lastClaim.plus(config.claimInterval()));
        if (claim) {
            lastClaim = now;
        }
        var shares = batch.shares(config.batchSize(), busy);
        var reads = new ArrayList<Uni<Read>>();
        for (int i = 0; i < partitions.size(); i++) {
            reads.add(read(partitions.get(i), shares[i], claim));
        }
        return Uni.join().all(reads).andFailFast().map(done -> {
            busy = done.stream().map(Read::full).toList();
            var events = done.stream().flatMap(read -> read.events().stream()).toList();
            batch = batch.plus(events, clock.instant());
            return events.size();
        });
    }

    private Uni<Read> read(int partition, int share, boolean claim) {
        var read = stream.read(partition, share)
                .onFailure().invoke(failure -> LOG.debugf("Read of partition %d failed: %s", partition, failure))
                .onFailure().recoverWithItem(List.of());
        if (!claim) {
            return read.map(events -> new Read(events, events.size() >= share));
        }
        var claimed = stream.claim(partition, config.claimIdle(), Math.max(1, share))
                .onFailure().recoverWithItem(List.of());
        return Uni.combine().all().unis(read, claimed).asTuple()
                .map(t -> new Read(concat(t.getItem1(), t.getItem2()), t.getItem1().size() >= share));
    }

    /** Writes the batch in one transaction, then acknowledges it; on failure the batch is kept, sealed, for a retry. */
    private Uni<Void> flush() {
        if (batch.isEmpty()) {
            batch = Batch.EMPTY;
            return Uni.createFrom().voidItem();
        }
        var sample = Timer.start();
        batch = batch.seal();
        var write = batch.write(details::record);
        write.unwritable().forEach(bad -> LOG.errorf("Unwritable ledger event %s in partition %d: %s",
                bad.event().streamId(), bad.event().partition(), bad.reason()));
        return repository.write(write.entries(), write.records())
                .chain(() -> acknowledge(write.acks()))
                .invoke(() -> {
                    batch = Batch.EMPTY;
                    meters.written().increment(write.entries().size());
                    meters.batchSizes().record(write.entries().size());
                    sample.stop(meters.flushTimes());
                });
    }

    private Uni<Void> acknowledge(Map<Integer, List<String>> acks) {
        var unis = new ArrayList<Uni<Void>>();
        acks.forEach((partition, ids) -> unis.add(stream.ack(partition, ids)));
        return unis.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(unis).andFailFast().replaceWithVoid();
    }

    private static List<LedgerEvent> concat(List<LedgerEvent> a, List<LedgerEvent> b) {
        if (b.isEmpty()) {
            return a;
        }
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** What one partition gave in one step: its new entries (and claimed ones), and whether the read came back full. */
    private record Read(List<LedgerEvent> events, boolean full) {
    }
}
