package io.tally.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.tally.ledger.LedgerConfig;
import io.tally.platform.Problem;
import io.tally.platform.ProblemException;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;

/**
 * The replica's one reader of the alert streams and the SSE clients it fans out to (docs/alerts.md). The reader runs
 * XREAD BLOCK over every partition's stream on a connection of its own (on Redis Cluster, one XREAD BLOCK per
 * partition, each on a connection of its own), in a loop off the request path, and hands
 * each alert to the clients of its account; a client is a bounded queue, so one that does not read is dropped (its
 * stream fails) without holding up the others. A client reconnecting with an entry id first gets what it missed from
 * the stream (XRANGE), then live alerts, each once and in stream order.
 */
@Singleton
class AlertFanout {
    private static final Logger LOG = Logger.getLogger(AlertFanout.class);
    private static final int PAGE = 1000;

    private final AlertConfig config;
    private final Vertx vertx;
    private final RedisPipes blocking;
    private final RedisAlertStreams streams;
    private final AlertKeys keys;
    private final boolean cluster;
    private final Counter dropped;
    private final Map<String, Set<Subscriber>> clients = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final List<RedisPipes> lanes = new ArrayList<>();
    private volatile boolean running;
    private String[] positions;

    AlertFanout(AlertConfig config, Vertx vertx, RedisPipes redis, LedgerConfig ledger, MeterRegistry registry,
            @ConfigProperty(name = "tally.redis.url") String url,
            @ConfigProperty(name = "tally.redis.cluster", defaultValue = "false") boolean cluster) {
        this.config = config;
        this.vertx = vertx;
        this.cluster = cluster;
        this.keys = new AlertKeys(ledger.partitions());
        this.dropped = Counter.builder("tally.alerts.stream.dropped")
                .description("SSE clients dropped for not reading: their queue of alerts was full")
                .register(registry);
        // On a cluster each partition's stream is read on a lane (a connection) of its own: one per partition.
        this.blocking = RedisPipes.open(vertx, "redis-alert-reader", url, cluster,
                config.readBlock().plus(Duration.ofSeconds(10)), cluster ? ledger.partitions() + 4 : 8);
        this.streams = new RedisAlertStreams(redis, blocking, keys);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        running = true;
        begin();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        lanes.forEach(RedisPipes::close);
        blocking.close();
    }

    /** Starts reading after each partition's newest entry: the replica serves live alerts from now on. */
    private void begin() {
        var lasts = new ArrayList<Uni<String>>();
        for (int p = 0; p < keys.partitions(); p++) {
            lasts.add(streams.lastId(p));
        }
        Uni.join().all(lasts).andFailFast()
                .subscribe().with(ids -> {
                    positions = ids.toArray(String[]::new);
                    if (cluster) {
                        for (int p = 0; p < keys.partitions(); p++) {
                            lanes.add(blocking.lane());
                            read(p);
                        }
                    } else {
                        read();
                    }
                }, failure -> retry("start", failure, this::begin));
    }

    /**
     * Redis Cluster: one loop per partition, each an XREAD BLOCK of that partition's stream on its own lane, which
     * the cluster client sends to the node holding the stream's slot (one command cannot name streams of several
     * slots).
     */
    private void read(int partition) {
        if (!running) {
            return;
        }
        RedisAlertStreams.read(lanes.get(partition), partition, positions[partition], PAGE, config.readBlock())
                .subscribe().with(batch -> {
                    dispatch(Map.of(partition, batch));
                    read(partition);
                }, failure -> retry("read of partition " + partition, failure, () -> read(partition)));
    }

    private void read() {
        if (!running) {
            return;
        }
        streams.read(positions, PAGE, config.readBlock())
                .subscribe().with(this::dispatchAndRead, failure -> retry("read", failure, this::read));
    }

    private void dispatchAndRead(Map<Integer, RedisAlertStreams.Read> read) {
        dispatch(read);
        read();
    }

    private void dispatch(Map<Integer, RedisAlertStreams.Read> read) {
        read.forEach((partition, batch) -> {
            positions[partition] = batch.last();
            for (var alert : batch.alerts()) {
                var subscribers = clients.get(alert.account());
                if (subscribers != null) {
                    subscribers.forEach(subscriber -> subscriber.offer(alert));
                }
            }
        });
    }

    private void retry(String what, Throwable failure, Runnable again) {
        if (!running) {
            return;
        }
        LOG.warnf("Alert stream %s failed, again in 1 s: %s", what, failure.toString());
        vertx.setTimer(1000, ignored -> again.run());
    }

    /**
     * The events of a new SSE client of the account: what it missed after {@code lastEventId} (or a resync when that
     * is older than the stream keeps), then live alerts. Refused with 429 when the account has the most streams open
     * on this replica that it may.
     *
     * @param subAccounts an office admin's sub-accounts (only their alerts are sent); empty for the whole account
     */
    Multi<StreamEvent> open(String account, Optional<Set<String>> subAccounts, Optional<String> lastEventId) {
        var count = open.computeIfAbsent(account, a -> new AtomicInteger());
        if (count.incrementAndGet() > config.maxStreamsPerAccount()) {
            count.decrementAndGet();
            throw new ProblemException(Problem.of(429, "too-many-streams", "Too many streams",
                    "account " + account + " has " + config.maxStreamsPerAccount() + " alert streams open here", null));
        }
        return Multi.createFrom().<StreamEvent> emitter(emitter -> {
            var subscriber = new Subscriber(account, subAccounts, emitter, config.clientBuffer(),
                    lastEventId.orElse(null), dropped);
            clients.computeIfAbsent(account, a -> ConcurrentHashMap.newKeySet()).add(subscriber);
            emitter.onTermination(() -> {
                clients.computeIfPresent(account, (a, set) -> {
                    set.remove(subscriber);
                    return set.isEmpty() ? null : set;
                });
                count.decrementAndGet();
            });
            catchUp(subscriber, lastEventId)
                    .subscribe().with(subscriber::caughtUp, emitter::fail);
        })
                .onOverflow().buffer(config.clientBuffer())
                .onFailure(BackPressureFailure.class).invoke(failure -> dropped.increment());
    }

    /** The alerts the client missed, or a resync when its id is older than the stream's oldest entry. */
    private Uni<List<StreamEvent>> catchUp(Subscriber subscriber, Optional<String> lastEventId) {
        if (lastEventId.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int partition = keys.partition(subscriber.account);
        var last = lastEventId.get();
        return streams.firstId(partition).chain(first -> {
            if (first.isEmpty() || StreamIds.compare(last, first.get()) < 0) {
                return streams.lastId(partition)
                        .chain(newest -> streams.resync(subscriber.account, newest, subscriber.subAccounts))
                        .map(resync -> List.<StreamEvent> of(resync));
            }
            return missed(partition, last, new ArrayList<>());
        });
    }

    private Uni<List<StreamEvent>> missed(int partition, String after, List<StreamEvent> found) {
        return streams.after(partition, after, PAGE).chain(page -> {
            found.addAll(page.alerts());
            return page.count() < PAGE
                    ? Uni.createFrom().item(found)
                    : missed(partition, page.last(), found);
        });
    }

    /**
     * One SSE client. Until it has caught up, live alerts are held (in order); then the missed ones and the held ones
     * are sent, each once: an alert at or before the last entry sent is not sent again.
     */
    private static final class Subscriber {
        final String account;
        final Optional<Set<String>> subAccounts;
        private final MultiEmitter<? super StreamEvent> emitter;
        private final int capacity;
        private final Counter dropped;
        private final List<Alert> held = new ArrayList<>();
        private boolean catchingUp = true;
        private String lastSent;

        Subscriber(String account, Optional<Set<String>> subAccounts, MultiEmitter<? super StreamEvent> emitter,
                int capacity, String lastSent, Counter dropped) {
            this.lastSent = lastSent;
            this.dropped = dropped;
            this.account = account;
            this.subAccounts = subAccounts;
            this.emitter = emitter;
            this.capacity = capacity;
        }

        synchronized void offer(Alert alert) {
            if (!catchingUp) {
                send(alert);
            } else if (held.size() < capacity) {
                held.add(alert);
            } else if (!emitter.isCancelled()) {
                dropped.increment();
                emitter.fail(new IllegalStateException("SSE client too slow: " + capacity + " alerts held"));
            }
        }

        synchronized void caughtUp(List<StreamEvent> missed) {
            for (var event : missed) {
                if (event instanceof Resync resync) {
                    emitter.emit(resync);
                    lastSent = resync.entry();
                } else {
                    send((Alert) event);
                }
            }
            held.forEach(this::send);
            held.clear();
            catchingUp = false;
        }

        private void send(Alert alert) {
            if (!alert.account().equals(account) || !alert.visibleTo(subAccounts)) {
                return;
            }
            if (lastSent != null && StreamIds.compare(alert.entry(), lastSent) <= 0) {
                return;
            }
            lastSent = alert.entry();
            emitter.emit(alert);
        }
    }
}
