package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.tally.ledger.Partitions;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * What Redis's persistence keeps of acknowledged movements, with the packaged gateway as a child process on a real
 * redis-server (with an AOF) and PostgreSQL. Redis killed (SIGKILL) under load and restarted on its AOF, with
 * {@code appendfsync everysec} and with {@code always}: the acknowledged movements missing afterwards are counted
 * (the loss window of a killed process); a machine crash under {@code everysec} is staged by cutting the AOF back to
 * its length a second before the crash (what the kernel had not yet fsynced), and reconciliation reports every account
 * that lost a movement the usage writer had written, a rebuild repairs it. Redis at {@code maxmemory} with
 * {@code noeviction} under load: refusals are 503 problem+json with Retry-After, no script writes half its keys, and
 * reservations resume once memory is freed. After each, the invariants of the fault matrix.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisDurabilityIT {
    private static final int PARTITIONS = 4;
    private static final Duration SWEEP = Duration.ofMillis(500);
    private static final Map<String, String> SETTINGS = Map.of(
            "TALLY_LEDGER_PARTITIONS", Integer.toString(PARTITIONS),
            "TALLY_LEDGER_SWEEP_INTERVAL", SWEEP.toMillis() + "ms",
            "TALLY_REDIS_TIMEOUT", "1s",
            "TALLY_USAGE_WRITER_RETENTION", "1h",
            "TALLY_USAGE_WRITER_CLAIM_IDLE", "3s",
            "TALLY_USAGE_WRITER_CLAIM_INTERVAL", "1s",
            "TALLY_USAGE_WRITER_RETRY_BACKOFF", "500ms");
    /** No rewrite: the whole history stays in one AOF, which the staged crash cuts. */
    private static final String[] EVERYSEC = { "appendonly yes", "appendfsync everysec",
            "auto-aof-rewrite-percentage 0" };
    private static final String[] ALWAYS = { "appendonly yes", "appendfsync always", "auto-aof-rewrite-percentage 0" };
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Stores stores;
    private static Gateway gateway;
    private static final List<String> accounts = new ArrayList<>();
    private static final Set<String> answered = new TreeSet<>();

    @BeforeAll
    static void start() throws IOException {
        stores = Stores.withRedis("aof", EVERYSEC);
        gateway = stores.gateway("aof", SETTINGS);
        accounts.addAll(gateway.fundedAccounts("aof", 4));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    @Order(1)
    void everysecLosesNoAcknowledgedMovementWhenTheProcessIsKilled() throws Exception {
        int lost = killUnderLoadAndCountLost("everysec");
        stores.assertInvariants(PARTITIONS, accounts, answered, SWEEP);
        // A killed process loses nothing that Redis had written to the kernel before replying, which with
        // everysec is every reply except while a background fsync is still running: then Redis postpones the
        // write (up to 2 s, aof_delayed_fsync counts those that waited so long) and replies meanwhile.
        assertThat(lost).as("acknowledged movements lost by a killed redis-server (everysec)").isZero();
    }

    @Test
    @Order(2)
    void aCrashUnderEverysecLosesAboutASecondAndReconciliationFindsEveryLostMovement() throws Exception {
        var aof = stores.redisDir().resolve("appendonly.aof");
        var sizes = new ConcurrentSkipListMap<Long, Long>(); // AOF length by time (ms)
        var sampling = new AtomicBoolean(true);
        var sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    sizes.put(System.currentTimeMillis(), Files.size(aof));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                Gateway.sleep(20);
            }
        });
        sampler.setDaemon(true);
        long crash;
        Load load;
        try (var running = new Load(accounts, 4, List.of(gateway))) {
            load = running;
            sampler.start();
            await(running, running.reserved.get() + 400);
            crash = System.currentTimeMillis();
        } finally {
            sampling.set(false);
            sampler.join();
        }
        answered.addAll(load.answered);
        stores.awaitWritten(PARTITIONS); // every acknowledged movement is in PostgreSQL: a lost one is detectable
        stores.killRedis();
        long fsynced = sizes.floorEntry(crash - 1000).getValue();
        long length = Files.size(aof);
        try (var file = new RandomAccessFile(aof.toFile(), "rw")) {
            file.setLength(fsynced); // what a machine crash would leave of the last second (aof-load-truncated yes)
        }
        stores.startRedisAgain();
        var lost = lost(load);
        long lostEvents = stores.count("SELECT count(*) FROM ledger_entries") - stores.streamLength(PARTITIONS);
        stores.lostFromStreams(lostEvents);
        var lostAccounts = new TreeSet<String>();
        lost.forEach(id -> lostAccounts.add(accountOf(id)));
        var quiet = differing(); // reconciled before any new event: the lost ones are past the stream's last id
        // Reconciliation sums the entries up to the stream's last id, so a lost tail shows once the partition has
        // a newer event: one movement on each account (and so on each partition).
        for (var account : accounts) {
            var reply = gateway.send("POST", "/v1/accounts/" + account + "/grants", "{\"idempotencyKey\":\"after-crash-"
                    + account + "\",\"kind\":\"package\",\"amount\":\"1\"}");
            Gateway.expect(201, reply);
        }
        stores.awaitWritten(PARTITIONS);
        var differing = differing();
        System.out.printf("RedisDurabilityIT crash (everysec): AOF cut from %d to %d bytes (the last second),"
                + " %d of %d acknowledged movements lost (%d events), on %s; reconciliation differs on %s at once, on"
                + " %s after one new movement per account%n", length, fsynced, lost.size(),
                load.answered.size()
                        + load.settledIds.size(),
                lostEvents, lostAccounts, quiet, differing);
        assertThat(lost).as("movements lost with the last second of the AOF").isNotEmpty();
        assertThat(lostEvents).as("events lost from the streams").isPositive();
        assertThat(differing).as("accounts reconciliation reports").isEqualTo(lostAccounts);

        for (var account : differing) {
            Gateway.expect(200, gateway.send("POST", "/v1/accounts/" + account + "/rebuild", null));
            assertThat(agrees(account)).as("%s agrees after its rebuild", account).isTrue();
        }
        try (var again = new Load(accounts, 2, List.of(gateway))) {
            await(again, 100);
            answered.addAll(again.answered);
        }
        stores.assertInvariants(PARTITIONS, accounts, answered, SWEEP);
    }

    @Test
    @Order(3)
    void alwaysLosesNothingAcknowledged() throws Exception {
        stores.killRedis();
        stores.redisSettings(ALWAYS);
        stores.startRedisAgain(); // on the AOF written so far, now fsynced before every reply
        await("money calls answered again", () -> gateway.send("GET", "/v1/accounts/" + accounts.get(0) + "/balance",
                null).status() == 200);
        int lost = killUnderLoadAndCountLost("always");
        assertThat(lost).as("acknowledged movements lost (always)").isZero();
        stores.assertInvariants(PARTITIONS, accounts, answered, SWEEP);
    }

    @Test
    @Order(4)
    void atMaxmemoryRefusalsAreCleanAndNothingIsHalfWritten() throws Exception {
        try (var load = new Load(accounts, 4, List.of(gateway))) {
            await(load, load.reserved.get() + 100);
            long used = Long.parseLong(info("memory", "used_memory"));
            // A little room: some scripts still fit, then every write is refused at its first write command.
            stores.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg(used + 256 * 1024));
            long atLimit = load.reserved.get();
            try {
                await("refusals at maxmemory", () -> load.failures.containsKey(503) && load.failures.get(503)
                        .get() >= 20);
                // The usage writer trims what it has written, which can free room for one more script; below what
                // Redis holds now, every write is refused, and the probe sees the refusal rather than that room.
                stores.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("1"));
                var probe = HTTP.send(HttpRequest.newBuilder(gateway.uri("/v1/reservations"))
                        .header("Authorization", "Bearer " + Gateway.OPERATOR_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"idempotencyKey\":\"oom-probe\",\"account\":\""
                                + accounts.get(0) + "\",\"service\":\"sms\",\"to\":\"+393471234567\",\"text\":\"hi\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                System.out.printf("RedisDurabilityIT maxmemory: %d reservations past the limit, failures %s; probe %d"
                        + " %s%n", load.reserved.get() - atLimit, load.failures, probe.statusCode(), probe.body());
                assertThat(probe.statusCode()).as(probe.body()).isEqualTo(503);
                assertThat(probe.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(probe.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
                assertThat(probe.body()).contains("/problems/unavailable").contains("refusing-writes");
            } finally {
                stores.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("0"));
            }
            await(load, load.reserved.get() + 100);
            assertThat(load.failures.keySet()).as("statuses of failed calls").containsOnly(503);
            answered.addAll(load.answered);
        }
        var retried = gateway.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"oom-probe\",\"account\":\""
                + accounts.get(0) + "\",\"service\":\"sms\",\"to\":\"+393471234567\",\"text\":\"hi\"}");
        Gateway.expect(201, retried);
        answered.add(retried.body().replaceAll("(?s).*\"reservationId\"\\s*:\\s*\"([^\"]+)\".*", "$1"));
        // No half-written script: each account's hash is the sum of its events, granted = pool + held + spent.
        stores.assertInvariants(PARTITIONS, accounts, answered, SWEEP);
    }

    /** Kills Redis under load, restarts it on its AOF, and counts the acknowledged movements it no longer has. */
    private static int killUnderLoadAndCountLost(String fsync) throws Exception {
        Load load;
        String delayed;
        try (var running = new Load(accounts, 4, List.of(gateway))) {
            load = running;
            await(running, running.reserved.get() + 300);
            delayed = info("persistence", "aof_delayed_fsync");
            stores.killRedis();
            Gateway.sleep(500);
            stores.startRedisAgain();
            await(running, running.reserved.get() + 200);
        }
        answered.addAll(load.answered);
        var lost = lost(load);
        System.out.printf("RedisDurabilityIT kill -9 (%s): %d of %d acknowledged movements lost; failures %s;"
                + " aof_delayed_fsync %s%n", fsync, lost.size(), load.answered.size() + load.settledIds.size(),
                load.failures, delayed);
        assertThat(load.failures.keySet()).as("statuses of failed calls").isSubsetOf(0, 503);
        return lost.size();
    }

    /**
     * The acknowledged movements Redis does not have: reservations answered 201 without their hold, and settles
     * answered 200 whose hold is open again.
     */
    private static List<String> lost(Load load) {
        var lost = new ArrayList<String>();
        for (var id : load.answered) {
            var hold = stores.send(Request.cmd(Command.GET).arg(holdKey(id)));
            if (hold == null) {
                lost.add(id);
            } else if (load.settledIds.contains(id) && hold.toString().startsWith("HELD|")) {
                lost.add(id + " (settle)");
            }
        }
        return lost;
    }

    private static Set<String> differing() {
        var differing = new TreeSet<String>();
        for (var account : accounts) {
            if (!agrees(account)) {
                differing.add(account);
            }
        }
        return differing;
    }

    private static boolean agrees(String account) {
        var reply = gateway.send("GET", "/v1/accounts/" + account + "/reconciliation", null);
        Gateway.expect(200, reply);
        return reply.body().replaceAll("\\s", "").contains("\"agrees\":true");
    }

    private static String accountOf(String movement) {
        var id = movement.split(" ")[0];
        return id.substring(2, id.lastIndexOf('.'));
    }

    private static String holdKey(String reservationId) {
        return "{p" + Partitions.of(accountOf(reservationId), PARTITIONS) + "}:hold:" + reservationId;
    }

    private static String info(String section, String field) {
        return stores.send(Request.cmd(Command.INFO).arg(section)).toString().lines()
                .filter(line -> line.startsWith(field + ":")).findFirst().orElseThrow()
                .substring(field.length() + 1).trim();
    }

    private static void await(Load load, long count) {
        await("%d reservations (failures %s)".formatted(count, load.failures), () -> load.reserved.get() >= count);
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        var deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as(what).isBefore(deadline);
            Gateway.sleep(50);
        }
    }
}
