package io.tally.platform;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * The hot path's way to Redis: one long-lived connection per event loop, pipelined, so a request never waits for a
 * pooled connection and commands from one loop share one socket (a pool costs a checkout per command and caps
 * in-flight commands at its size: the default pool answered 500 to most of 64 concurrent requests). Threads off the
 * event loop share one connection. A connection that fails or closes is dropped and the next command reconnects;
 * commands in flight on it fail, and callers answer 503 (fail closed). Every command has a deadline. Failures that
 * mean Redis cannot serve now (unreachable, a lost connection, a timeout, {@code OOM}: {@link Unavailable}) are marked
 * as Redis's here; error replies of other kinds ({@code NOSCRIPT}, a script's own error) pass unchanged.
 */
@Singleton
public class RedisPipes {
    private static final Object SHARED = new Object();

    private final Redis client;
    private final Duration timeout;
    private final boolean ownsClient;
    private final Map<Object, Uni<RedisConnection>> connections = new ConcurrentHashMap<>();

    @Inject
    RedisPipes(Vertx vertx,
            @ConfigProperty(name = "tally.redis.url") String url,
            @ConfigProperty(name = "tally.redis.cluster", defaultValue = "false") boolean cluster,
            @ConfigProperty(name = "tally.redis.timeout", defaultValue = "2s") Duration timeout) {
        this(Redis.createClient(vertx, options("redis-hot-path", url, cluster)), timeout);
    }

    /**
     * Pipes of their own (not the hot path's), e.g. for the usage writer's large stream reads; close them.
     *
     * @param name the client's metrics name, which prefixes its meters ({@code redis-usage-writer}: the
     *        {@code redis_usage_writer_*} series); two clients of one name would share (and fight over) one set of gauges
     */
    public static RedisPipes open(Vertx vertx, String name, String url, boolean cluster, Duration timeout) {
        return new RedisPipes(Redis.createClient(vertx, options(name, url, cluster)), timeout);
    }

    /**
     * The same with a pool of {@code poolSize} connections per node: for pipes that {@link #lane() lanes} share, each
     * lane holding one connection (on a cluster, one to every master).
     */
    public static RedisPipes open(Vertx vertx, String name, String url, boolean cluster, Duration timeout,
            int poolSize) {
        return new RedisPipes(Redis.createClient(vertx, options(name, url, cluster).setMaxPoolSize(poolSize)), timeout);
    }

    public RedisPipes(Redis client, Duration timeout) {
        this(client, timeout, true);
    }

    private RedisPipes(Redis client, Duration timeout, boolean ownsClient) {
        this.client = client;
        this.timeout = timeout;
        this.ownsClient = ownsClient;
    }

    /**
     * Pipes on the same client with connections of their own: a blocking command (XREAD BLOCK) sent through a lane
     * holds the lane's connection only, never these pipes' nor another lane's. Closing a lane closes its connections;
     * closing these pipes closes the client.
     */
    public RedisPipes lane() {
        return new RedisPipes(client, timeout, false);
    }

    static RedisOptions options(String name, String url, boolean cluster) {
        var options = new RedisOptions()
                .setMetricsName(name)
                .setType(cluster ? RedisClientType.CLUSTER : RedisClientType.STANDALONE)
                .setMaxWaitingHandlers(64 * 1024)
                .setMaxPoolSize(cluster ? 64 : 8)
                .setMaxPoolWaiting(1024);
        for (var endpoint : url.split(",")) {
            options.addConnectionString(endpoint.trim());
        }
        return options;
    }

    public Uni<Response> send(Request request) {
        return onConnection(connection -> connection.send(request));
    }

    /**
     * Runs {@code call} on this event loop's connection, with the timeout. The call is made from the caller's Vert.x
     * context, so that the reply comes back on it: the request scope lives in the request's duplicated context
     * (context propagation is off). Only a caller that waited for the connection to open is resumed elsewhere, on
     * the context of whoever opened it; it hops back.
     */
    private <T> Uni<T> onConnection(java.util.function.Function<RedisConnection, Uni<T>> call) {
        var caller = io.vertx.core.Vertx.currentContext();
        return connection()
                .chain(connection -> onContext(caller, call.apply(connection)))
                .ifNoItem().after(timeout).failWith(() -> new java.util.concurrent.TimeoutException(
                        "Redis did not answer within " + timeout.toMillis() + " ms"))
                .onFailure().transform(failure -> Unavailable.at(Unavailable.REDIS, failure));
    }

    private static <T> Uni<T> onContext(Context caller, Uni<T> send) {
        if (caller == null || caller == io.vertx.core.Vertx.currentContext()) {
            return send;
        }
        return send.runSubscriptionOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    private Uni<RedisConnection> connection() {
        Object owner = Context.isOnEventLoopThread() ? Thread.currentThread() : SHARED;
        return connections.computeIfAbsent(owner, this::connect);
    }

    private Uni<RedisConnection> connect(Object owner) {
        var holder = new Uni<?>[1];
        Uni<RedisConnection> connecting = client.connect()
                .invoke(connection -> connection
                        .exceptionHandler(failure -> forget(owner, holder[0]))
                        .endHandler(() -> forget(owner, holder[0])))
                .onFailure().invoke(failure -> forget(owner, holder[0]))
                .memoize().indefinitely();
        holder[0] = connecting;
        return connecting;
    }

    private void forget(Object owner, Uni<?> connection) {
        connections.remove(owner, connection);
    }

    /** Batches run on one connection, in order, as one pipeline. */
    public Uni<java.util.List<Response>> batch(java.util.List<Request> requests) {
        return onConnection(connection -> connection.batch(requests));
    }

    /**
     * These pipes as a Vert.x {@link Redis} client, for code written against the client: each {@code send} takes
     * the calling event loop's connection.
     */
    public Redis asClient() {
        return Redis.newInstance(new PipedClient());
    }

    private final class PipedClient implements io.vertx.redis.client.Redis {
        @Override
        public io.vertx.core.Future<io.vertx.redis.client.RedisConnection> connect() {
            return client.getDelegate().connect();
        }

        @Override
        public void close() {
            // The pipes own their connections; closing a view of them closes nothing.
        }

        @Override
        public io.vertx.core.Future<io.vertx.redis.client.Response> send(io.vertx.redis.client.Request request) {
            // A promise completed where the reply arrives (the caller's context): no CompletableFuture in between. A
            // nil reply is null: it must complete the promise too, or the caller waits for its timeout.
            var reply = Promise.<io.vertx.redis.client.Response> promise();
            RedisPipes.this.send(Request.newInstance(request)).subscribe()
                    .with(response -> reply.complete(response == null ? null : response.getDelegate()), reply::fail);
            return reply.future();
        }

        @Override
        public io.vertx.core.Future<java.util.List<io.vertx.redis.client.Response>> batch(
                java.util.List<io.vertx.redis.client.Request> requests) {
            var wrapped = requests.stream().map(Request::newInstance).toList();
            return io.vertx.core.Future.fromCompletionStage(RedisPipes.this.batch(wrapped)
                    .map(responses -> responses.stream().map(Response::getDelegate).toList())
                    .subscribeAsCompletionStage());
        }
    }

    /** How many connections are open or opening, for tests and metrics. */
    public int connectionCount() {
        return connections.size();
    }

    @PreDestroy
    public void close() {
        if (ownsClient) {
            client.close();
            return;
        }
        connections.values().forEach(connection -> connection.subscribe().with(RedisConnection::closeAndForget, failure -> {
        }));
        connections.clear();
    }
}
