package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tally.ledger.Partitions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
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
    private final Path redisDir;
    private final List<String> redisSettings;
    private final Vertx vertx = Vertx.vertx();
    private final Redis redis;
    private RedisServer redisServer;
    private long lostFromStreams;
    private EmbeddedPostgres postgres;

    private Stores(String name, List<String> redisSettings) throws IOException {
        pgData = Files.createTempDirectory("tally-" + name + "-pg");
        redisDir = Files.createTempDirectory("tally-" + name + "-redis");
        this.redisSettings = new ArrayList<>(redisSettings);
        redisServer = startRedis();
        startPostgres();
        redis = Redis.createClient(vertx, redisUrl());
    }

    static Stores start(String name) throws IOException {
        return new Stores(name, List.of("appendonly no"));
    }

    /**
     * The same with Redis's persistence given: {@code appendonly yes} and an {@code appendfsync} (the AOF in a
     * directory of its own, which {@link #killRedis} keeps for the next start).
     */
    static Stores withRedis(String name, String... settings) throws IOException {
        return new Stores(name, List.of(settings));
    }

    /** Replaces the persistence settings the next {@link #startRedis} starts Redis with. */
    void redisSettings(String... settings) {
        redisSettings.clear();
        redisSettings.addAll(List.of(settings));
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

    /** kill -9 of redis-server: no shutdown, no last AOF write but what the process had already handed the kernel. */
    void killRedis() throws IOException, InterruptedException {
        var pid = send(Request.cmd(Command.INFO).arg("server")).toString().lines()
                .filter(line -> line.startsWith("process_id:")).findFirst().orElseThrow().substring(11).trim();
        var kill = new ProcessBuilder("kill", "-KILL", pid).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -KILL " + pid + " failed");
        }
        for (int i = 0; i < 100 && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false); i++) {
            Gateway.sleep(50);
        }
    }

    /** Starts redis-server again on the same port and directory (after {@link #killRedis}): it loads its AOF. */
    void startRedisAgain() throws IOException {
        redisServer = startRedis();
    }

    Path redisDir() {
        return redisDir;
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

    // --- the invariants of the fault matrix -----------------------------------------------------------------------

    /**
     * Events PostgreSQL holds that the streams no longer do: written by the usage writer, then lost by Redis (an AOF
     * cut short). {@link #awaitWritten} expects that many more ledger entries than stream events.
     */
    void lostFromStreams(long events) {
        lostFromStreams = events;
    }

    /** Waits (90 s at most) until PostgreSQL holds every event of the streams once and nothing is pending. */
    void awaitWritten(int partitions) throws SQLException {
        var deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline) && (count("SELECT count(*) FROM ledger_entries") < streamLength(
                partitions) + lostFromStreams || pending(partitions) > 0)) {
            Gateway.sleep(250);
        }
        assertThat(count("SELECT count(DISTINCT event_id) FROM ledger_entries")).as("ledger entries = stream events"
                + " (+ %d lost from the streams)", lostFromStreams)
                .isEqualTo(streamLength(partitions) + lostFromStreams)
                .isEqualTo(count("SELECT count(*) FROM ledger_entries"));
        assertThat(pending(partitions)).as("stream entries pending").isZero();
    }

    /**
     * What must hold after every fault (docs/operations.md, "The fault matrix"), once the writers have caught up:
     * every reservation answered 201 has exactly one reserve entry and one usage record in PostgreSQL; each account's
     * spent, held, pool and granted credits are the same in PostgreSQL (the sum of its entries) and Redis, and
     * granted = pool + held + spent (no credit made or lost); no hold is still in a deadline set one sweep (and a
     * second of slack) after its deadline.
     */
    void assertInvariants(int partitions, Collection<String> accounts, Collection<String> answered, Duration sweep)
            throws SQLException {
        awaitWritten(partitions);
        var ids = answered.toArray(String[]::new);
        try (var connection = DriverManager.getConnection("jdbc:" + postgresUrl(), "postgres", "postgres");
                var entries = connection.prepareStatement("SELECT count(*), count(DISTINCT reservation_id)"
                        + " FROM ledger_entries WHERE type = 'reserve' AND reservation_id = ANY(?)");
                var records = connection.prepareStatement("SELECT count(*) FROM usage_records WHERE id = ANY(?)")) {
            var array = connection.createArrayOf("text", ids);
            entries.setArray(1, array);
            records.setArray(1, array);
            try (var rows = entries.executeQuery()) {
                rows.next();
                assertThat(List.of(rows.getLong(1), rows.getLong(2))).as("reserve entries of the %d answered"
                        + " reservations, and distinct ones", ids.length).containsExactly((long) ids.length,
                                (long) ids.length);
            }
            try (var rows = records.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).as("usage records of the answered reservations").isEqualTo(ids.length);
            }
        }
        for (var account : accounts) {
            // The sweeper may expire a hold between two reads: compare again until the writer has caught up.
            var settle = Instant.now().plusSeconds(10);
            List<Long> redis;
            List<Long> postgres;
            do {
                var hash = send(Request.cmd(Command.HGETALL).arg("{p" + Partitions.of(account, partitions)
                        + "}:acct:" + account));
                redis = List.of(field(hash, "spent"), field(hash, "held"), field(hash, "pool"),
                        field(hash, "granted"));
                postgres = longs("SELECT coalesce(sum(spent_delta), 0), coalesce(sum(held_delta), 0),"
                        + " coalesce(sum(pool_delta), 0), coalesce(sum(granted_delta), 0) FROM ledger_entries"
                        + " WHERE account_id = '" + account + "'");
            } while (!postgres.equals(redis) && Instant.now().isBefore(settle) && pause());
            assertThat(postgres).as("spent, held, pool, granted of %s in PostgreSQL and Redis", account)
                    .isEqualTo(redis);
            assertThat(redis.get(3)).as("granted = pool + held + spent on %s", account)
                    .isEqualTo(redis.get(0) + redis.get(1) + redis.get(2));
        }
        var time = send(Request.cmd(Command.TIME));
        long overdue = time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000 - sweep.toMillis() - 1000;
        for (int p = 0; p < partitions; p++) {
            assertThat(send(Request.cmd(Command.ZCOUNT).arg("{p" + p + "}:deadlines").arg("-inf").arg(overdue))
                    .toLong()).as("holds of partition %d unresolved a sweep after their deadline", p).isZero();
        }
    }

    long streamLength(int partitions) {
        long events = 0;
        for (int p = 0; p < partitions; p++) {
            events += send(Request.cmd(Command.XLEN).arg("{p" + p + "}:events")).toLong();
        }
        return events;
    }

    long pending(int partitions) {
        long pending = 0;
        for (int p = 0; p < partitions; p++) {
            if (send(Request.cmd(Command.EXISTS).arg("{p" + p + "}:events")).toLong() == 1) {
                pending += send(Request.cmd(Command.XPENDING).arg("{p" + p + "}:events").arg("usage-writer")).get(0)
                        .toLong();
            }
        }
        return pending;
    }

    private static boolean pause() {
        Gateway.sleep(250);
        return true;
    }

    private static long field(Response hash, String name) {
        var value = hash.get(name);
        return value == null ? 0 : value.toLong();
    }

    @Override
    public void close() throws IOException {
        redis.close();
        vertx.closeAndAwait();
        postgres.close();
        redisServer.stop();
    }

    private RedisServer startRedis() throws IOException {
        var builder = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").setting("save \"\"")
                .setting("dir " + redisDir).setting("maxmemory-policy noeviction");
        redisSettings.forEach(builder::setting);
        var server = builder.build();
        server.start();
        return server;
    }
}
