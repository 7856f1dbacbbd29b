package io.tally.platform;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * Tells every replica that a piece of configuration changed, so that it drops what it cached (docs/design.md,
 * decision 9). A change is a {@code topic} ({@code rates}, {@code api-key}) and an {@code id} (an account, a key
 * hash), published on the Redis channel {@value #CHANNEL} as {@code topic:id}.
 *
 * <p>
 * Redis pub/sub delivers at most once: a message published while this replica is not subscribed is lost. So
 * every listener is also told to {@code reset} (drop everything) each time the subscription is confirmed, at
 * start and after every reconnection, and caches keep a TTL as the last safety net. The subscription holds one
 * dedicated connection; losing it schedules a reconnection with back-off (0.1 s doubling to 5 s). Nothing here
 * blocks, and nothing touches the request path: publishing is for administrative writes only.
 *
 * <p>
 * On Redis Cluster ({@code tally.redis.cluster}) a message published on any node reaches the subscribers of every
 * node (the cluster bus carries it). The subscription is one plain connection to one node of
 * {@code tally.redis.url}; each reconnection tries the next node in the list, so losing the node subscribed to costs
 * a reset and a reconnection, not the subscription.
 */
@Singleton
public class ConfigChanges {
    public static final String CHANNEL = "tally:config";

    private static final Logger LOG = Logger.getLogger(ConfigChanges.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

    private record Listener(String topic, Consumer<String> onChange, Runnable onReset) {
    }

    private final Redis redis;
    /** Where the subscription connects, in turn: this client, or on a cluster one client per node. */
    private final List<Redis> subscribers;
    private final boolean ownsSubscribers;
    private final Vertx vertx;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong subscriptions = new AtomicLong();
    private RedisConnection connection;
    private boolean live;
    private boolean stopped;
    private long backoffMs = MIN_BACKOFF_MS;
    private int attempts;

    @Inject
    ConfigChanges(Redis redis, Vertx vertx, @ConfigProperty(name = "tally.redis.url") String url,
            @ConfigProperty(name = "tally.redis.cluster", defaultValue = "false") boolean cluster) {
        this(redis, vertx, cluster ? nodes(vertx, url) : List.of(redis), cluster);
    }

    ConfigChanges(Redis redis, Vertx vertx) {
        this(redis, vertx, List.of(redis), false);
    }

    /** Subscribing through {@code subscribers} in turn (the nodes of a cluster), publishing through {@code redis}. */
    ConfigChanges(Redis redis, Vertx vertx, List<Redis> subscribers, boolean ownsSubscribers) {
        this.redis = redis;
        this.vertx = vertx;
        this.subscribers = subscribers;
        this.ownsSubscribers = ownsSubscribers;
    }

    /** A plain client per node of a cluster's comma-separated URL list. */
    static List<Redis> nodes(Vertx vertx, String url) {
        var endpoints = java.util.Arrays.stream(url.split(",")).map(String::trim).filter(node -> !node.isEmpty())
                .toList();
        var clients = new java.util.ArrayList<Redis>();
        for (int i = 0; i < endpoints.size(); i++) {
            clients.add(Redis.createClient(vertx, new RedisOptions().setType(RedisClientType.STANDALONE)
                    .setConnectionString(endpoints.get(i)).setMaxPoolSize(1)
                    .setMetricsName("redis-config-changes-" + i)));
        }
        return List.copyOf(clients);
    }

    /**
     * Announces that {@code id} of {@code topic} changed. Call it after the change is committed. Fails (and the
     * caller answers 503) when Redis cannot be reached: the change is stored, and other replicas see it when
     * their TTL runs out, or at once when the caller retries.
     */
    public Uni<Void> publish(String topic, String id) {
        checkTopic(topic);
        return redis.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(topic + ":" + id))
                .ifNoItem().after(PUBLISH_TIMEOUT).fail()
                .onFailure().transform(failure -> Unavailable.at(Unavailable.REDIS, failure))
                .replaceWithVoid();
    }

    /**
     * Calls {@code onChange} with the id of every change announced on {@code topic} (by any replica, this one
     * included), and {@code onReset} whenever changes may have been missed: each time the subscription is
     * (re)established. Both run on a Vert.x event loop: they must be quick and never block.
     */
    public void subscribe(String topic, Consumer<String> onChange, Runnable onReset) {
        checkTopic(topic);
        listeners.add(new Listener(topic, onChange, onReset));
    }

    /** Whether the subscription is confirmed now (false while connecting or after losing the connection). */
    public synchronized boolean live() {
        return live;
    }

    /** How many times the subscription has been confirmed: 1 after start, one more per reconnection. */
    public long subscriptions() {
        return subscriptions.get();
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    void start() {
        connect();
    }

    synchronized void stop() {
        stopped = true;
        live = false;
        if (connection != null) {
            connection.closeAndForget();
            connection = null;
        }
        if (ownsSubscribers) {
            subscribers.forEach(Redis::close);
        }
    }

    private void connect() {
        Redis through;
        synchronized (this) {
            if (stopped) {
                return;
            }
            through = subscribers.get(attempts++ % subscribers.size());
        }
        through.connect()
                .subscribe().with(this::listen, this::connectionFailed);
    }

    private void listen(RedisConnection opened) {
        synchronized (this) {
            if (stopped) {
                opened.closeAndForget();
                return;
            }
            connection = opened;
        }
        opened.handler(message -> receive(opened, message))
                .exceptionHandler(failure -> lost(opened, failure))
                .endHandler(() -> lost(opened, null));
        opened.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL))
                .subscribe().with(sent -> {
                }, failure -> lost(opened, failure));
    }

    private void receive(RedisConnection from, Response message) {
        if (message == null || message.size() < 3) {
            return;
        }
        var kind = message.get(0).toString();
        if ("subscribe".equals(kind)) {
            confirmed(from);
        } else if ("message".equals(kind)) {
            dispatch(message.get(2).toString());
        }
    }

    private void confirmed(RedisConnection from) {
        synchronized (this) {
            if (from != connection) {
                return;
            }
            live = true;
            backoffMs = MIN_BACKOFF_MS;
        }
        subscriptions.incrementAndGet();
        LOG.debugf("Subscribed to %s", CHANNEL);
        for (var listener : listeners) {
            run(listener.onReset(), listener.topic());
        }
    }

    private void dispatch(String payload) {
        int colon = payload.indexOf(':');
        if (colon < 0) {
            LOG.warnf("Ignoring a malformed configuration change on %s: %s", CHANNEL, payload);
            return;
        }
        var topic = payload.substring(0, colon);
        var id = payload.substring(colon + 1);
        for (var listener : listeners) {
            if (listener.topic().equals(topic)) {
                run(() -> listener.onChange().accept(id), topic);
            }
        }
    }

    private void lost(RedisConnection which, Throwable failure) {
        synchronized (this) {
            if (which != connection) {
                return;
            }
            connection = null;
            live = false;
        }
        which.closeAndForget();
        LOG.warnf("Lost the subscription to %s (%s); reconnecting", CHANNEL,
                failure == null ? "connection closed" : failure.toString());
        reconnectLater();
    }

    private void connectionFailed(Throwable failure) {
        LOG.warnf("Could not subscribe to %s (%s); retrying", CHANNEL, failure.toString());
        reconnectLater();
    }

    private void reconnectLater() {
        long delay;
        synchronized (this) {
            if (stopped) {
                return;
            }
            delay = backoffMs;
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
        vertx.setTimer(delay, timer -> connect());
    }

    private static void run(Runnable action, String topic) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "A listener of configuration changes (%s) failed", topic);
        }
    }

    private static void checkTopic(String topic) {
        if (topic == null || topic.isEmpty() || topic.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a topic is a non-empty name without ':': " + topic);
        }
    }
}
