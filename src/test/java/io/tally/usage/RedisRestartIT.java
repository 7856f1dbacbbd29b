package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Redis restarting empty under load, with the packaged gateway as a child process on a real redis-server and
 * PostgreSQL. The usage writer finds its streams and consumer group gone and must create them again and go on; the
 * ledger is lost, so money calls answer 503 until an operator restores it from PostgreSQL, step by step, to exactly
 * the balances PostgreSQL knew, and reconciliation agrees only then.
 */
class RedisRestartIT {
    private static final int PARTITIONS = 4;
    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final Pattern MEASURED_AT = Pattern.compile(
            "\"name\":\"usage-writer\",\"status\":\"UP\",\"data\":\\{[^}]*\"measuredAt\":\"([^\"]+)\"");
    private static final Map<String, String> SETTINGS = Map.of(
            "TALLY_LEDGER_PARTITIONS", Integer.toString(PARTITIONS),
            "TALLY_USAGE_WRITER_CLAIM_IDLE", "3s",
            "TALLY_USAGE_WRITER_CLAIM_INTERVAL", "1s",
            "TALLY_USAGE_WRITER_MONITOR_INTERVAL", "500ms",
            "TALLY_USAGE_WRITER_READINESS_LAG", "5s",
            "TALLY_USAGE_WRITER_RETRY_BACKOFF", "500ms");

    private static Stores stores;
    private static Gateway gateway;

    @BeforeAll
    static void startServers() throws IOException {
        stores = Stores.start("restart");
        gateway = stores.gateway("restart", SETTINGS);
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void redisRestartedEmptyUnderLoadTheWriterRecovers() throws Exception {
        restoreUntilOpen();
        var accounts = gateway.fundedAccounts("restart", 4);
        Instant restarted;
        try (var load = new Load(accounts, 3, List.of(gateway))) {
            await("reservations before the restart", () -> load.reserved.get() >= 200);
            stores.restartRedisEmpty();
            restarted = Instant.now();
            System.out.printf("RedisRestartIT: Redis restarted empty after %d reservations%n", load.reserved.get());

            var written = new ArrayList<String>();
            for (int p = 0; p < PARTITIONS; p++) {
                var id = "after-restart-" + p;
                addGrant(p, id, accounts.get(0));
                written.add(id);
            }
            await("events added after the restart in ledger_entries", () -> writtenOf(written) == written.size());
            System.out.printf("RedisRestartIT: written %s after the restart%n",
                    Duration.between(restarted, Instant.now()));
        }
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(groupsOf(p)).as("groups on partition %d", p).contains("usage-writer");
            assertThat(stores.send(Request.cmd(Command.XPENDING).arg(stream(p)).arg("usage-writer")).get(0).toLong())
                    .as("pending entries of partition %d", p).isZero();
        }
        await("readiness UP with a measurement taken after the restart", () -> {
            var reply = gateway.send("GET", "/q/health/ready", null);
            var measured = MEASURED_AT.matcher(reply.body().replaceAll("\\s", ""));
            return reply.status() == 200 && measured.find() && Instant.parse(measured.group(1)).isAfter(restarted);
        });
        long warnings = warnings();
        Gateway.sleep(2000);
        assertThat(warnings()).as("writer and monitor warnings once recovered (log: %s)", gateway.log())
                .isEqualTo(warnings);
    }

    @Test
    void moneyCallsFailClosedAfterTheLossUntilARestoreBringsBackExactBalances() throws Exception {
        restoreUntilOpen();
        var idle = gateway.fundedAccounts("idle", 2); // quiet around the loss: their balances must come back exactly
        var busy = gateway.fundedAccounts("busy", 2); // under load while Redis restarts
        try (var load = new Load(concat(idle, busy), 3, List.of(gateway))) {
            await("reservations before the loss", () -> load.settled.get() >= 100);
        }
        await("the idle accounts written to PostgreSQL", () -> idle.stream().allMatch(RedisRestartIT::agrees));
        var balances = new ArrayList<String>();
        idle.forEach(account -> balances.add(balance(account)));

        try (var load = new Load(busy, 3, List.of(gateway))) {
            long before = load.reserved.get();
            await("reservations on the busy accounts", () -> load.reserved.get() >= before + 50);
            stores.restartRedisEmpty();
            await("money calls refused after the loss", () -> load.failures.getOrDefault(503, new AtomicLong())
                    .get() >= 20);
            var refused = reserve(idle.get(0));
            Gateway.expect(503, refused);
            assertThat(refused.body()).contains("/ledger-lost");
            var reconciliation = gateway.send("GET", "/v1/accounts/" + idle.get(0) + "/reconciliation", null);
            assertThat(reconciliation.body()).as("reconciliation while lost").contains("\"ledger\":\"lost\"")
                    .contains("\"agrees\":false");
        }

        int steps = restoreUntilOpen();
        assertThat(steps).as("restore steps of one account each").isGreaterThan(2);
        for (int i = 0; i < idle.size(); i++) {
            assertThat(balance(idle.get(i))).as("balance of %s after the restore", idle.get(i))
                    .isEqualTo(balances.get(i));
        }
        await("every account agrees with PostgreSQL", () -> concat(idle, busy).stream()
                .allMatch(RedisRestartIT::agrees));
        Gateway.expect(201, reserve(idle.get(0)));
    }

    /** Restores the ledger one account per step until it is open; answers how many steps it took. */
    private static int restoreUntilOpen() {
        for (int steps = 1; steps <= 1000; steps++) {
            var reply = gateway.send("POST", "/v1/ledger/restore?accounts=1", null);
            Gateway.expect(200, reply);
            if (reply.body().replaceAll("\\s", "").contains("\"open\":true")) {
                return steps;
            }
        }
        throw new AssertionError("the ledger did not open within 1000 restore steps");
    }

    private static boolean agrees(String account) {
        var reply = gateway.send("GET", "/v1/accounts/" + account + "/reconciliation", null);
        return reply.status() == 200 && reply.body().replaceAll("\\s", "").contains("\"agrees\":true");
    }

    private static String balance(String account) {
        var reply = gateway.send("GET", "/v1/accounts/" + account + "/balance", null);
        Gateway.expect(200, reply);
        return reply.body();
    }

    private static Gateway.Reply reserve(String account) {
        return gateway.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"" + UUID.randomUUID()
                + "\",\"account\":\"" + account + "\",\"service\":\"sms\",\"to\":\"+393471234567\","
                + "\"text\":\"hello\"}");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** A grant event as the ledger's scripts write it (docs/ledger.md "Events"). */
    private static void addGrant(int partition, String id, String account) {
        var request = Request.cmd(Command.XADD).arg(stream(partition)).arg("*");
        for (var field : List.of("id", id, "type", "grant", "account", account, "amount", "1000000", "time",
                Long.toString(System.currentTimeMillis()), "lot", "lot-" + id, "debtPaid", "0")) {
            request.arg(field);
        }
        stores.send(request);
    }

    private static long warnings() {
        return gateway.log().lines()
                .filter(line -> line.contains("WARN") && (line.contains("Usage writer") || line.contains("Usage backlog")))
                .count();
    }

    private static List<String> groupsOf(int partition) {
        var names = new ArrayList<String>();
        for (var info : stores.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream(partition)))) {
            names.add(info.get("name") != null ? info.get("name").toString() : info.get(1).toString());
        }
        return names;
    }

    private static long writtenOf(List<String> ids) {
        try {
            return stores.count("SELECT count(*) FROM ledger_entries WHERE event_id IN ('" + String.join("','", ids)
                    + "')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        var deadline = Instant.now().plus(RECOVERY);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("%s within %s", what, RECOVERY).isBefore(deadline);
            Gateway.sleep(200);
        }
    }

    private static String stream(int partition) {
        return "{p" + partition + "}:events";
    }
}
