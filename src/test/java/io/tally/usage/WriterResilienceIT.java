package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.tally.ledger.EventFormat;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * What must hold of the usage writer whatever crashes (docs/design.md, decision 5), with the packaged gateway as child
 * processes on a real redis-server and PostgreSQL: kill -9 under load, PostgreSQL stopped under load, two writers on
 * the same streams, SIGTERM drain. After each, every event of the streams is in PostgreSQL exactly once, the usage
 * records match the reservations, and the credits charged in PostgreSQL are the debits in Redis.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriterResilienceIT {
    private static final int PARTITIONS = 8;
    private static final int ACCOUNTS = 12;
    private static final Duration DRAIN = Duration.ofSeconds(90);
    private static final Map<String, String> SETTINGS = Map.of(
            "TALLY_LEDGER_PARTITIONS", Integer.toString(PARTITIONS),
            "TALLY_USAGE_WRITER_CLAIM_IDLE", "3s",
            "TALLY_USAGE_WRITER_CLAIM_INTERVAL", "1s",
            "TALLY_USAGE_WRITER_RETENTION", "1h",
            "TALLY_USAGE_WRITER_MONITOR_INTERVAL", "500ms",
            "TALLY_USAGE_WRITER_READINESS_LAG", "5s",
            "TALLY_USAGE_WRITER_RETRY_BACKOFF", "500ms");

    private static Stores stores;
    private static final List<String> accounts = new ArrayList<>();
    private static final List<Gateway> started = new ArrayList<>();

    @BeforeAll
    static void startServers() throws IOException {
        stores = Stores.start("it");
        try (var gateway = gateway("setup")) {
            accounts.addAll(gateway.fundedAccounts("it", ACCOUNTS));
        }
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (var gateway : started) {
            gateway.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    @Order(1)
    void aKilledGatewayLosesNothingAndDoublesNothing() throws Exception {
        var first = gateway("crash-a");
        try (var load = new Load(accounts, 6, List.of(first))) {
            awaitReserved(load, 300);
            first.kill();
            long atKill = load.reserved.get();
            System.out.printf("WriterResilienceIT crash: killed crash-a after %d reservations with %d entries"
                    + " pending on it%n", atKill, pendingOf("crash-a"));
            load.gateways.add(gateway("crash-b"));
            awaitReserved(load, atKill + 300);
        }
        assertExactlyOnce();
    }

    @Test
    @Order(2)
    void reservationsGoOnWhilePostgresIsDownAndTheBacklogDrainsAfter() throws Exception {
        var gateway = gateway("outage");
        long outage = Long.getLong("it.outage.seconds", 30);
        try (var load = new Load(accounts, 4, List.of(gateway))) {
            awaitReserved(load, 200);
            stores.stopPostgres();
            long before = load.reserved.get();
            long failedBefore = load.failed();
            var readiness = new ArrayList<String>();
            var deadline = Instant.now().plusSeconds(outage);
            while (Instant.now().isBefore(deadline)) {
                var reply = gateway.send("GET", "/q/health/ready", null);
                readiness.add(reply.status() + " " + reply.body().replaceAll("\\s", ""));
                Gateway.sleep(1000);
            }
            long during = load.reserved.get() - before;
            System.out.printf("WriterResilienceIT outage: %d reservations in %d s without PostgreSQL, %d failed;"
                    + " readiness at the end: %s%n", during, outage, load.failed() - failedBefore,
                    readiness.get(readiness.size() - 1));
            assertThat(during).as("reservations during the outage").isGreaterThan(100);
            assertThat(load.failed()).as("failed requests during the outage").isEqualTo(failedBefore);
            assertThat(readiness.get(readiness.size() - 1)).as("readiness at the end of the outage")
                    .startsWith("503").contains("\"name\":\"usage-writer\",\"status\":\"DOWN\"");
            stores.startPostgres();
            awaitReserved(load, load.reserved.get() + 200);
        }
        assertExactlyOnce();
        var ready = Instant.now().plusSeconds(30);
        while (gateway.send("GET", "/q/health/ready", null).status() != 200 && Instant.now().isBefore(ready)) {
            Gateway.sleep(200);
        }
        assertThat(gateway.send("GET", "/q/health/ready", null).status()).as("readiness once drained")
                .isEqualTo(200);
    }

    @Test
    @Order(3)
    void twoWritersShareTheStreamsAndAStoppedOneDrainsItsBatch() throws Exception {
        var one = gateway("writer-1");
        var two = gateway("writer-2");
        try (var load = new Load(accounts, 6, List.of(one, two))) {
            awaitReserved(load, load.reserved.get() + 600);
            load.gateways.remove(two);
            Gateway.sleep(200);
            assertThat(two.terminate()).as("exit code after SIGTERM (128 + 15: stopped by the signal)").isEqualTo(143);
            assertThat(two.log()).contains("Usage writer stopped; 0 events left unacknowledged");
            assertThat(pendingOf("writer-2")).as("entries left pending by the stopped writer").isZero();
            awaitReserved(load, load.reserved.get() + 200);
        }
        assertExactlyOnce();
        assertThat(infosOf("writer-1")).as("partitions writer-1 read from").isNotEmpty();
    }

    // --- checks --------------------------------------------------------------------------------------------------

    /** Every stream entry is one ledger entry and the records and balances agree, once the writers have drained. */
    private static void assertExactlyOnce() throws SQLException {
        var events = streamEvents();
        var deadline = Instant.now().plus(DRAIN);
        while (stores.count("SELECT count(*) FROM ledger_entries") < events.size() && Instant.now().isBefore(deadline)) {
            Gateway.sleep(250);
            events = streamEvents();
        }
        System.out.printf("WriterResilienceIT: %d stream events, %d ledger entries after draining%n", events.size(),
                stores.count("SELECT count(*) FROM ledger_entries"));
        var ids = new HashSet<String>();
        var types = new HashMap<String, Integer>();
        for (var event : events) {
            ids.add(event.get("id"));
            types.merge(event.get("type"), 1, Integer::sum);
        }
        assertThat(ids).as("event ids are unique").hasSize(events.size());
        assertThat(stores.strings("SELECT event_id FROM ledger_entries")).as("ledger entries = stream events")
                .hasSize(events.size()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(stores.count("SELECT count(*) FROM usage_records"))
                .isEqualTo((long) types.getOrDefault("reserve", 0) + types.getOrDefault("meter", 0));
        assertThat(stores.count("SELECT count(*) FROM usage_records WHERE status = 'committed'"))
                .isEqualTo((long) types.getOrDefault("commit", 0));
        assertThat(stores.count("SELECT count(*) FROM usage_records WHERE status = 'released'"))
                .isEqualTo((long) types.getOrDefault("release", 0));
        for (var account : accounts) {
            var hash = stores.send(Request.cmd(Command.HGETALL).arg(accountKey(account)));
            var sums = stores.longs("SELECT sum(spent_delta), sum(held_delta), sum(pool_delta), sum(granted_delta)"
                    + " FROM ledger_entries WHERE account_id = '" + account + "'");
            assertThat(sums).as("spent, held, pool, granted of %s in PostgreSQL and Redis", account)
                    .containsExactly(field(hash, "spent"), field(hash, "held"), field(hash, "pool"),
                            field(hash, "granted"));
        }
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(stores.send(Request.cmd(Command.XPENDING).arg(stream(p)).arg("usage-writer")).get(0).toLong())
                    .as("pending entries of partition %d", p).isZero();
        }
    }

    private static List<Map<String, String>> streamEvents() {
        var events = new ArrayList<Map<String, String>>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (var entry : stores.send(Request.cmd(Command.XRANGE).arg(stream(p)).arg("-").arg("+"))) {
                var flat = new ArrayList<String>();
                for (var value : entry.get(1)) {
                    flat.add(value.toString());
                }
                events.add(EventFormat.fields(flat));
            }
        }
        return events;
    }

    private static long pendingOf(String consumer) {
        return infosOf(consumer).stream().mapToLong(info -> Long.parseLong(text(info, "pending"))).sum();
    }

    /** The consumer's XINFO CONSUMERS entry in each partition it has read from. */
    private static List<Response> infosOf(String consumer) {
        var infos = new ArrayList<Response>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (var info : stores.send(Request.cmd(Command.XINFO).arg("CONSUMERS").arg(stream(p)).arg("usage-writer"))) {
                if (consumer.equals(text(info, "name"))) {
                    infos.add(info);
                }
            }
        }
        return infos;
    }

    private static String text(Response info, String name) {
        if (info.getKeys() != null && !info.getKeys().isEmpty()) {
            return info.get(name).toString();
        }
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if (name.equals(info.get(i).toString())) {
                return info.get(i + 1).toString();
            }
        }
        throw new IllegalStateException("no " + name + " in " + info);
    }

    private static long field(Response hash, String name) {
        var value = hash.get(name);
        return value == null ? 0 : value.toLong();
    }

    // --- plumbing ------------------------------------------------------------------------------------------------

    private static Gateway gateway(String name) {
        var gateway = stores.gateway(name, SETTINGS);
        started.add(gateway);
        return gateway;
    }

    private static void awaitReserved(Load load, long count) {
        var deadline = Instant.now().plusSeconds(60);
        while (load.reserved.get() < count && Instant.now().isBefore(deadline)) {
            Gateway.sleep(50);
        }
        assertThat(load.reserved.get()).as("reservations made (failures %s)", load.failures)
                .isGreaterThanOrEqualTo(count);
    }

    private static String stream(int partition) {
        return "{p" + partition + "}:events";
    }

    private static String accountKey(String account) {
        return "{p" + io.tally.ledger.Partitions.of(account, PARTITIONS) + "}:acct:" + account;
    }
}
