package io.tally.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tally.ledger.LedgerConfig;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Copies the alert streams into PostgreSQL's history (docs/alerts.md "History"): one consumer group
 * ({@value #GROUP}) over every partition's {@code {pN}:alerts}, this replica one consumer; a batch is inserted (an
 * alert already there is ignored) and acknowledged after the insert (on Redis Cluster the partitions are read one
 * stream per command), and entries left pending by a replica that died
 * are claimed after {@code tally.alerts.claim-idle}. So every alert reaches the history at least once, and once.
 */
@Singleton
class AlertWriter {
    static final String GROUP = "alert-writer";
    private static final Logger LOG = Logger.getLogger(AlertWriter.class);

    private final AlertConfig config;
    private final Vertx vertx;
    private final RedisPipes redis;
    private final RedisPipes blocking;
    private final AlertRepository repository;
    private final int partitions;
    private final boolean cluster;
    private final String consumer = "alerts-" + UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running;
    private long claimTimer = -1;

    AlertWriter(AlertConfig config, Vertx vertx, RedisPipes redis, AlertRepository repository, LedgerConfig ledger,
            @ConfigProperty(name = "tally.redis.url") String url,
            @ConfigProperty(name = "tally.redis.cluster", defaultValue = "false") boolean cluster) {
        this.config = config;
        this.vertx = vertx;
        this.redis = redis;
        this.repository = repository;
        this.partitions = ledger.partitions();
        this.cluster = cluster;
        this.blocking = RedisPipes.open(vertx, "redis-alert-writer", url, cluster,
                config.readBlock().plus(Duration.ofSeconds(10)));
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        join().subscribe().with(ignored -> read(), failure -> retry("join", failure));
        claimTimer = vertx.setPeriodic(config.claimIdle().toMillis(), ignored -> claim());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (claimTimer >= 0) {
            vertx.cancelTimer(claimTimer);
        }
        blocking.close();
    }

    /** Creates the group on every partition's stream (and the stream when missing); existing ones stay. */
    private Uni<Void> join() {
        var creates = new ArrayList<Uni<Void>>();
        for (int p = 0; p < partitions; p++) {
            creates.add(redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(AlertKeys.stream(p)).arg(GROUP)
                    .arg("0").arg("MKSTREAM"))
                    .replaceWithVoid()
                    .onFailure(failure -> message(failure).startsWith("BUSYGROUP")).recoverWithNull());
        }
        return Uni.join().all(creates).andFailFast().replaceWithVoid();
    }

    private void read() {
        if (!running) {
            return;
        }
        if (cluster) {
            readEach();
            return;
        }
        var request = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg(consumer).arg("COUNT")
                .arg(config.writerBatch()).arg("BLOCK").arg(config.readBlock().toMillis()).arg("STREAMS");
        var ids = new String[partitions];
        for (int p = 0; p < partitions; p++) {
            request.arg(AlertKeys.stream(p));
            ids[p] = ">";
        }
        for (var id : ids) {
            request.arg(id);
        }
        blocking.send(request)
                .map(response -> RedisAlertStreams.byPartition(response, ids))
                .chain(this::write)
                .subscribe().with(ignored -> read(), this::readFailed);
    }

    /**
     * Redis Cluster, where one command cannot name streams of several slots: one XREADGROUP per partition's stream,
     * side by side through the pipes (without BLOCK, which would hold a connection per partition); a round that found
     * nothing waits a read-block before the next.
     */
    private void readEach() {
        var ids = new String[partitions];
        java.util.Arrays.fill(ids, ">");
        var reads = new ArrayList<Uni<Map<Integer, RedisAlertStreams.Read>>>();
        for (int p = 0; p < partitions; p++) {
            reads.add(redis.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg(consumer).arg("COUNT")
                    .arg(config.writerBatch()).arg("STREAMS").arg(AlertKeys.stream(p)).arg(">"))
                    .map(response -> RedisAlertStreams.byPartition(response, ids)));
        }
        Uni.join().all(reads).andFailFast()
                .map(found -> {
                    var all = new java.util.HashMap<Integer, RedisAlertStreams.Read>();
                    found.forEach(all::putAll);
                    return all;
                })
                .call(this::write)
                .subscribe().with(all -> {
                    if (all.values().stream().allMatch(batch -> batch.entries().isEmpty())) {
                        vertx.setTimer(config.readBlock().toMillis(), ignored -> read());
                    } else {
                        read();
                    }
                }, this::readFailed);
    }

    private void readFailed(Throwable failure) {
        if (message(failure).startsWith("NOGROUP")) {
            join().subscribe().with(done -> read(), again -> retry("join", again));
        } else {
            retry("read", failure);
        }
    }

    /** Inserts the batch, then acknowledges it per partition. */
    private Uni<Void> write(Map<Integer, RedisAlertStreams.Read> read) {
        var alerts = new ArrayList<Alert>();
        read.values().forEach(batch -> alerts.addAll(batch.alerts()));
        return repository.insert(alerts).chain(() -> {
            var acks = new ArrayList<Uni<Void>>();
            read.forEach((partition, batch) -> {
                if (!batch.entries().isEmpty()) {
                    acks.add(ack(partition, batch.entries()));
                }
            });
            return acks.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(acks).andFailFast().replaceWithVoid();
        });
    }

    private Uni<Void> ack(int partition, List<String> entries) {
        var request = Request.cmd(Command.XACK).arg(AlertKeys.stream(partition)).arg(GROUP);
        entries.forEach(request::arg);
        return redis.send(request).replaceWithVoid();
    }

    /** Takes over the entries pending longer than claim-idle with any consumer (one that died), writes them. */
    private void claim() {
        if (!running) {
            return;
        }
        var claims = new ArrayList<Uni<Void>>();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            claims.add(redis.send(Request.cmd(Command.XAUTOCLAIM).arg(AlertKeys.stream(p)).arg(GROUP).arg(consumer)
                    .arg(config.claimIdle().toMillis()).arg("0-0").arg("COUNT").arg(config.writerBatch()))
                    .map(response -> claimed(response))
                    .chain(batch -> batch.entries().isEmpty() ? Uni.createFrom().voidItem()
                            : write(Map.of(partition, batch)))
                    .onFailure(failure -> message(failure).startsWith("NOGROUP")).recoverWithNull());
        }
        Uni.join().all(claims).andCollectFailures()
                .subscribe().with(ignored -> {
                }, failure -> LOG.warnf("Alert writer: claiming pending alerts failed: %s", failure.toString()));
    }

    private static RedisAlertStreams.Read claimed(Response response) {
        return response == null || response.size() < 2 ? RedisAlertStreams.read(null, "0-0")
                : RedisAlertStreams.read(response.get(1), "0-0");
    }

    private void retry(String what, Throwable failure) {
        if (!running) {
            return;
        }
        LOG.warnf("Alert writer %s failed, again in 1 s: %s", what, failure.toString());
        vertx.setTimer(1000, ignored -> read());
    }

    private static String message(Throwable failure) {
        var message = failure.getMessage();
        if (message == null && failure.getCause() != null) {
            message = failure.getCause().getMessage();
        }
        return message == null ? "" : message;
    }
}
