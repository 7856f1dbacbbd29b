package io.tally.usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * The real redis-server and PostgreSQL that the packaged gateways of the resilience tests run on, on free ports,
 * with the faults those tests inject: PostgreSQL stopped and started again on its data, Redis restarted empty.
 */
final class Stores implements AutoCloseable {
    private final int redisPort = Gateway.freePort();
    private final int pgPort = Gateway.freePort();
    private final Path pgData;
    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;
    private RedisServer redisServer;
    private EmbeddedPostgres postgres;

    private Stores(String name) throws IOException {
        pgData = Files.createTempDirectory("tally-" + name + "-pg");
        redisServer = startRedis();
        startPostgres();
        redis = Redis.createClient(vertx, redisUrl());
    }

    static Stores start(String name) throws IOException {
        return new Stores(name);
    }

    String redisUrl() {
        return "redis://127.0.0.1:" + redisPort;
    }

    String postgresUrl() {
        return "postgresql://127.0.0.1:" + pgPort + "/postgres";
    }

    /** A gateway on these stores. */
    Gateway gateway(String name, Map<String, String> settings) {
        return Gateway.start(name, redisUrl(), postgresUrl(), settings);
    }

    void stopPostgres() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts PostgreSQL on its data directory: the data written before a stop is still there. */
    void startPostgres() {
        try {
            postgres = EmbeddedPostgres.builder().setPort(pgPort).setDataDirectory(pgData)
                    .setCleanDataDirectory(false).setServerConfig("fsync", "off").start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start PostgreSQL", e);
        }
    }

    /** A frozen redis-server: SIGSTOPped now, SIGCONTed by {@link #thaw}. */
    interface Frozen {
        void thaw() throws IOException, InterruptedException;
    }

    /** SIGSTOPs redis-server (its pid is read first: a frozen server answers nothing) until thawed. */
    Frozen freezeRedis() throws IOException, InterruptedException {
        var pid = send(Request.cmd(io.vertx.mutiny.redis.client.Command.INFO).arg("server")).toString().lines()
                .filter(line -> line.startsWith("process_id:")).findFirst().orElseThrow().substring(11).trim();
        signal("STOP", pid);
        return () -> signal("CONT", pid);
    }

    private static void signal(String signal, String pid) throws IOException, InterruptedException {
        var kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
        }
    }

    /** Kills redis-server and starts a new one on the same port with nothing in it. */
    void restartRedisEmpty() throws IOException {
        redisServer.stop();
        redisServer = startRedis();
    }

    Response send(Request request) {
        return redis.send(request).await().atMost(Duration.ofSeconds(20));
    }

    long count(String sql) throws SQLException {
        return longs(sql).get(0);
    }

    /** The columns of the first row, as numbers. */
    List<Long> longs(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:" + postgresUrl(), "postgres", "postgres");
                var rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            var values = new ArrayList<Long>();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                values.add(rows.getLong(i));
            }
            return values;
        }
    }

    /** The first column of every row. */
    Set<String> strings(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:" + postgresUrl(), "postgres", "postgres");
                var rows = connection.createStatement().executeQuery(sql)) {
            var values = new HashSet<String>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    @Override
    public void close() throws IOException {
        redis.close();
        vertx.closeAndAwait();
        postgres.close();
        redisServer.stop();
    }

    private RedisServer startRedis() throws IOException {
        var server = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").setting("maxmemory-policy noeviction").build();
        server.start();
        return server;
    }
}
