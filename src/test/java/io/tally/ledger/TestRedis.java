package io.tally.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;
import redis.embedded.RedisServer;

/**
 * One real {@code redis-server} (embedded-redis's bundled binary) and one Vert.x for the ledger tests of this JVM,
 * started on first use and stopped at exit. Plain JUnit: no Quarkus.
 */
final class TestRedis {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static Vertx vertx;
    private static Redis client;

    private TestRedis() {
    }

    static synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.closeAndAwait(), "test-vertx-close"));
        }
        return vertx;
    }

    /** A client of the shared standalone server. */
    static synchronized Redis client() {
        if (client == null) {
            int port = freePort();
            start(build(server(port)));
            client = Redis.createClient(vertx(), new RedisOptions()
                    .setConnectionString("redis://127.0.0.1:" + port)
                    .setMaxPoolSize(16)
                    .setMaxPoolWaiting(4096)
                    .setMaxWaitingHandlers(65536));
        }
        return client;
    }

    /** A client of a new server of its own (stopped at exit), for a test that must see only its own keys. */
    static Redis dedicatedClient() {
        int port = freePort();
        start(build(server(port)));
        return Redis.createClient(vertx(), new RedisOptions()
                .setConnectionString("redis://127.0.0.1:" + port)
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(4096)
                .setMaxWaitingHandlers(65536));
    }

    /** The ledger with every partition open (its epoch written), as a new deployment starts it. */
    static RedisLedger opened(RedisLedger ledger) {
        ledger.openAll("test").await().atMost(TIMEOUT);
        return ledger;
    }

    static void flushAll() {
        client().send(Request.cmd(Command.FLUSHALL)).await().atMost(TIMEOUT);
    }

    static redis.embedded.core.RedisServerBuilder server(int port) {
        return RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory-policy noeviction");
    }

    static RedisServer build(redis.embedded.core.RedisServerBuilder builder) {
        try {
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare redis-server", e);
        }
    }

    static void start(RedisServer server) {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "test-redis-stop"));
    }

    private static void stop(RedisServer server) {
        try {
            server.stop();
        } catch (IOException ignored) {
            // the JVM is exiting; the process dies with it
        }
    }

    static int freePort() {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
