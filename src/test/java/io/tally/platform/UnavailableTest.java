package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.tally.platform.Unavailable.Outage;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * Which failures mean a backing store cannot serve now (503 with Retry-After, a metric, no ERROR line), each produced
 * by a real server or a real network fault: Redis at {@code maxmemory}, a reset connection, PostgreSQL refusing
 * connections or terminating one.
 */
class UnavailableTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProblemMapper mapper = new ProblemMapper(new Outages(registry, java.time.Clock.systemUTC()));

    @Test
    void redisAtMaxmemoryRefusingWritesIs503() throws IOException {
        int port = Ports.freePort();
        var server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").setting("maxmemory-policy noeviction").build();
        server.start();
        var pipes = new RedisPipes(Redis.createClient(vertx, RedisPipes.options("test-oom", "redis://127.0.0.1:" + port,
                false)), WAIT);
        try {
            var value = "x".repeat(100_000);
            for (int i = 0; i < 30; i++) {
                pipes.send(Request.cmd(Command.SET).arg("fill:" + i).arg(value)).await().atMost(WAIT);
            }
            pipes.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("1mb")).await().atMost(WAIT);

            var refused = failureOf(pipes.send(Request.cmd(Command.SET).arg("k").arg("v")));
            var script = failureOf(pipes.send(Request.cmd(Command.EVAL)
                    .arg("redis.call('SET', KEYS[1], ARGV[1]) return 1").arg(1).arg("k").arg("v")));

            assertThat(refused).as("a SET at maxmemory").isNotNull();
            assertThat(Unavailable.classify(refused)).contains(new Outage("redis", "refusing-writes"));
            assertThat(Unavailable.classify(script)).as("a script's write at maxmemory: %s", script)
                    .contains(new Outage("redis", "refusing-writes"));
            assertUnavailable(refused);
            assertThat(registry.counter("tally.infrastructure.failures", "store", "redis", "kind", "refusing-writes")
                    .count()).isEqualTo(1);
        } finally {
            pipes.close();
            server.stop();
        }
    }

    @Test
    void aConnectionResetByRedisIs503() throws Exception {
        try (var resetting = new ServerSocket(0)) {
            var accepting = new Thread(() -> {
                try (var socket = resetting.accept()) {
                    socket.getInputStream().read();
                    socket.setSoLinger(true, 0); // close with RST: "Connection reset by peer"
                } catch (IOException ignored) {
                    // the test ends
                }
            });
            accepting.start();
            var pipes = new RedisPipes(Redis.createClient(vertx, RedisPipes.options("test-reset",
                    "redis://127.0.0.1:" + resetting.getLocalPort(), false)), WAIT);

            var failure = failureOf(pipes.send(Request.cmd(Command.PING)));

            assertThat(Unavailable.classify(failure)).as("%s", failure)
                    .contains(new Outage("redis", "connection-lost"));
            assertUnavailable(failure);
            pipes.close();
            accepting.join(5_000);
        }
    }

    /** Redis killed with a command in flight: the client fails it with CONNECTION_CLOSED, an error reply of its own. */
    @Test
    void aConnectionClosedByRedisUnderACommandIs503() throws Exception {
        try (var closing = new ServerSocket(0)) {
            var accepting = new Thread(() -> {
                try (var socket = closing.accept()) {
                    socket.getInputStream().read(); // the command arrived; closed (FIN) without an answer
                } catch (IOException ignored) {
                    // the test ends
                }
            });
            accepting.start();
            var pipes = new RedisPipes(Redis.createClient(vertx, RedisPipes.options("test-close",
                    "redis://127.0.0.1:" + closing.getLocalPort(), false)), WAIT);

            var failure = failureOf(pipes.send(Request.cmd(Command.PING)));

            assertThat(Unavailable.classify(failure)).as("%s", failure)
                    .contains(new Outage("redis", "connection-lost"));
            assertUnavailable(failure);
            pipes.close();
            accepting.join(5_000);
        }
    }

    @Test
    void postgresRefusingTheConnectionIs503() throws IOException {
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(Ports.freePort())
                        .setUser("postgres").setDatabase("postgres"))
                .using(vertx).build();
        try {
            var failure = failureOf(pool.query("SELECT 1").execute());

            assertThat(Unavailable.classify(failure)).as("%s", failure)
                    .contains(new Outage("postgresql", "unreachable"));
            assertUnavailable(failure);
        } finally {
            pool.closeAndAwait();
        }
    }

    @Test
    void postgresTerminatingTheConnectionIs503AndTheNextQueryReconnects() throws IOException {
        try (var postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start()) {
            var options = new PgConnectOptions().setHost("127.0.0.1").setPort(postgres.getPort()).setUser("postgres")
                    .setPassword("postgres").setDatabase("postgres");
            Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options).using(vertx).build();
            Pool admin = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(options).using(vertx).build();
            try {
                var connection = pool.getConnection().await().atMost(WAIT);
                int pid = connection.query("SELECT pg_backend_pid()").execute().await().atMost(WAIT).iterator().next()
                        .getInteger(0);
                admin.query("SELECT pg_terminate_backend(" + pid + ")").execute().await().atMost(WAIT);

                var failure = failureOf(connection.query("SELECT 1").execute());
                connection.closeAndAwait();

                assertThat(Unavailable.classify(failure)).as("%s", failure)
                        .contains(new Outage("postgresql", "connection-lost"));
                assertUnavailable(failure);
                assertThat(pool.query("SELECT 1").execute().await().atMost(WAIT).size()).isEqualTo(1);
            } finally {
                pool.closeAndAwait();
                admin.closeAndAwait();
            }
        }
    }

    /** What the PostgreSQL client raises when the server answers the start-up with 57P03 (stopping, or recovering). */
    @Test
    void postgresNotAcceptingConnectionsIs503() {
        var failure = new PgException("the database system is not accepting connections", "FATAL", "57P03",
                "Hot standby mode is disabled.");

        assertThat(Unavailable.classify(failure)).contains(new Outage("postgresql", "unreachable"));
        assertUnavailable(failure);
    }

    @Test
    void aRedisTimeoutSaysTheRequestMayHaveBeenAppliedAndHowToRetry() {
        var failure = Unavailable.at("redis", new TimeoutException("Redis did not answer within 2000 ms"));

        var response = mapper.unexpected(failure);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(((Problem) response.getEntity()).detail()).contains("may have been applied")
                .contains("same idempotencyKey");
    }

    @Test
    void otherFailuresAreNotAnOutage() {
        assertThat(Unavailable.classify(new IllegalStateException("Connection refused, says the bug"))).isEmpty();
        assertThat(Unavailable.classify(new PgException("duplicate key", "ERROR", "23505", null))).isEmpty();
        assertThat(Unavailable.classify(new IOException("Unexpected end-of-input"))).isEmpty();
    }

    @Test
    void aSecondWarningForTheSameOutageWaitsItsTurnButEveryFailureIsCounted() {
        var clock = new MovableClock();
        var outages = new Outages(registry, clock);
        var outage = new Outage("postgresql", "unreachable");
        var failure = new java.net.ConnectException("Connection refused");

        assertThat(outages.record(outage, failure)).as("the first is logged").isTrue();
        assertThat(outages.record(outage, failure)).as("the next ones are not, for a while").isFalse();
        assertThat(outages.record(new Outage("redis", "timeout"), failure)).as("another outage is").isTrue();
        clock.advance(Outages.WARN_EVERY);
        assertThat(outages.record(outage, failure)).isTrue();
        assertThat(registry.counter("tally.infrastructure.failures", "store", "postgresql", "kind", "unreachable")
                .count()).isEqualTo(3);
    }

    private void assertUnavailable(Throwable failure) {
        var response = mapper.unexpected(failure);
        assertThat(response.getStatus()).as("status for %s", failure).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(((Problem) response.getEntity()).type()).endsWith("/unavailable");
    }

    private static Throwable failureOf(Uni<?> call) {
        return call.onItem().<Throwable> transform(ignored -> null).onFailure().recoverWithItem(f -> f)
                .await().atMost(WAIT);
    }

    /** Free ports for servers that are never started. */
    private static final class Ports {
        static int freePort() throws IOException {
            try (var socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }

}
