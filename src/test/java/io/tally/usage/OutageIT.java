package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Outages of a backing store under load, with the packaged gateway as a child process on a real redis-server and
 * PostgreSQL: Redis at {@code maxmemory} (money calls 503, readiness DOWN, no ERROR line per request, recovery once
 * memory is raised), and PostgreSQL stopped for longer than every configuration cache's TTL (reservations go on for
 * the keys and accounts the gateway knows, what it never read is 503, and everything is written once PostgreSQL is
 * back).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageIT {
    private static final int PARTITIONS = 4;
    private static final int ACCOUNTS = 4;
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    /** Every configuration cache expires within a second: an outage of a few seconds outlives them all. */
    private static final Map<String, String> SETTINGS = Map.of(
            "TALLY_LEDGER_PARTITIONS", Integer.toString(PARTITIONS),
            "TALLY_AUTH_CACHE_TTL", "1s",
            "TALLY_ACCOUNTS_CACHE_TTL", "1s",
            "TALLY_PRICING_CACHE_TTL", "1s",
            "TALLY_USAGE_WRITER_RETENTION", "1h",
            "TALLY_USAGE_WRITER_MONITOR_INTERVAL", "500ms",
            "TALLY_USAGE_WRITER_RETRY_BACKOFF", "500ms");

    private static Stores stores;
    private static Gateway gateway;
    private static String serviceKey;
    private static String unusedKey;
    private static final List<String> accounts = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        stores = Stores.start("outage");
        gateway = stores.gateway("outage-it", SETTINGS);
        var funded = gateway.fundedAccounts("out", ACCOUNTS + 1);
        accounts.addAll(funded.subList(0, ACCOUNTS)); // the last one is never used before the PostgreSQL outage
        serviceKey = issueServiceKey();
        unusedKey = issueServiceKey();
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
    void redisAtMaxmemoryAnswers503AndReadinessIsDownUntilMemoryIsRaised() throws Exception {
        try (var load = new Load(accounts, 4, List.of(gateway), serviceKey)) {
            awaitReserved(load, 100);
            int errorsBefore = errorLines();
            stores.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("1"));
            long reservedAtOom = load.reserved.get();
            try {
                Gateway.sleep(3_000);
                var refused = reserve(serviceKey, accounts.get(0));
                var readiness = gateway.send("GET", "/q/health/ready", null);
                long reservedDuring = load.reserved.get() - reservedAtOom;
                System.out.printf("OutageIT maxmemory: %s refused with %d %s; readiness %d; %d reservations, failures"
                        + " %s%n", accounts.get(0), refused.status(), refused.body(), readiness.status(),
                        reservedDuring, load.failures);

                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.body()).contains("/problems/unavailable").contains("refusing-writes");
                assertThat(readiness.status()).isEqualTo(503);
                assertThat(readiness.body().replaceAll("\\s", ""))
                        .contains("\"name\":\"redis-writes\",\"status\":\"DOWN\"");
                assertThat(load.failures).as("refusals during the outage").containsKey(503);
                assertThat(reservedDuring).as("reservations while Redis refused writes").isLessThanOrEqualTo(4);
            } finally {
                stores.send(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("0"));
            }
            awaitReserved(load, load.reserved.get() + 100);
            assertThat(load.failures.keySet()).as("statuses of failed calls").containsOnly(503);
            assertThat(errorLines()).as("ERROR lines logged for an expected outage").isEqualTo(errorsBefore);
        }
        awaitReady();
    }

    @Test
    @Order(2)
    void reservationsGoOnWhilePostgresIsDownLongerThanEveryCacheTtl() throws Exception {
        try (var load = new Load(accounts, 4, List.of(gateway), serviceKey)) {
            awaitReserved(load, load.reserved.get() + 100);
            stores.stopPostgres();
            long before = load.reserved.get();
            long failedBefore = load.failed();
            Gateway.sleep(6_000); // six times every TTL
            var unknownKey = reserve(unusedKey, accounts.get(0));
            var unknownAccount = reserve(serviceKey, "out-" + ACCOUNTS);
            long during = load.reserved.get() - before;
            System.out.printf("OutageIT PostgreSQL down: %d reservations in 6 s, %d failed; a key never used: %d;"
                    + " an account never used: %d%n", during, load.failed() - failedBefore, unknownKey.status(),
                    unknownAccount.status());

            assertThat(during).as("reservations while PostgreSQL is down").isGreaterThan(100);
            assertThat(load.failed()).as("failed calls while PostgreSQL is down (%s)", load.failures)
                    .isEqualTo(failedBefore);
            assertThat(unknownKey.status()).as("a key this gateway never read: " + unknownKey.body()).isEqualTo(503);
            assertThat(unknownAccount.status()).as("an account this gateway never read: " + unknownAccount.body())
                    .isEqualTo(503);

            stores.startPostgres();
            awaitReserved(load, load.reserved.get() + 100);
        }
        Gateway.expect(201, reserve(unusedKey, "out-" + ACCOUNTS));
        assertAllWritten();
    }

    // --- checks --------------------------------------------------------------------------------------------------

    /** Every event of the streams reaches PostgreSQL once the writer has caught up. */
    private static void assertAllWritten() throws SQLException {
        long events = streamEvents();
        var deadline = Instant.now().plusSeconds(60);
        while (stores.count("SELECT count(*) FROM ledger_entries") < events && Instant.now().isBefore(deadline)) {
            Gateway.sleep(250);
            events = streamEvents();
        }
        assertThat(stores.count("SELECT count(DISTINCT event_id) FROM ledger_entries")).as("ledger entries = stream events")
                .isEqualTo(events).isEqualTo(stores.count("SELECT count(*) FROM ledger_entries"));
    }

    private static long streamEvents() {
        long events = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            events += stores.send(Request.cmd(Command.XLEN).arg("{p" + p + "}:events")).toLong();
        }
        return events;
    }

    private static int errorLines() {
        return (int) gateway.log().lines().filter(line -> line.contains(" ERROR ")).count();
    }

    private static void awaitReady() {
        var deadline = Instant.now().plusSeconds(30);
        while (gateway.send("GET", "/q/health/ready", null).status() != 200 && Instant.now().isBefore(deadline)) {
            Gateway.sleep(200);
        }
        assertThat(gateway.send("GET", "/q/health/ready", null).status()).as("readiness after recovery")
                .isEqualTo(200);
    }

    // --- plumbing ------------------------------------------------------------------------------------------------

    private static Gateway.Reply reserve(String key, String account) {
        return gateway.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"probe-" + System.nanoTime()
                + "\",\"account\":\"" + account + "\",\"service\":\"sms\",\"to\":\"+393471234567\",\"text\":\"hi\"}",
                key);
    }

    private static String issueServiceKey() {
        var reply = gateway.send("POST", "/v1/keys", "{\"role\":\"service\",\"allAccounts\":true}");
        Gateway.expect(201, reply);
        var matcher = KEY.matcher(reply.body());
        assertThat(matcher.find()).as(reply.body()).isTrue();
        return matcher.group(1);
    }

    private static void awaitReserved(Load load, long count) {
        var deadline = Instant.now().plusSeconds(30);
        while (load.reserved.get() < count && Instant.now().isBefore(deadline)) {
            Gateway.sleep(50);
        }
        assertThat(load.reserved.get()).as("reservations made (failures %s)", load.failures)
                .isGreaterThanOrEqualTo(count);
    }
}
