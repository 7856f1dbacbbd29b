package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.tally.platform.LuaSources;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * A rolling deploy, with the packaged gateway as child processes on a real redis-server and PostgreSQL: the current
 * build ("old") and a copy whose reserve and settle scripts differ by a comment ("new", so their SHA-1s differ, as
 * after any change of a script) serve the same accounts at once. No request fails (no {@code NOSCRIPT}, even after
 * the script cache is flushed as a Redis restart leaves it), what either version wrote the other reads and settles,
 * and SIGTERM of the new version under load (a rollback, and a scale-in) loses nothing: every reservation answered
 * 201 is in PostgreSQL once, requests in flight are answered or refused without a 500, and the old version serves on,
 * settling the holds the new one made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingDeployIT {
    private static final int PARTITIONS = 4;
    private static final Duration SWEEP = Duration.ofMillis(500);
    private static final String CHANGE = "\n-- changed by RollingDeployIT: a new SHA, the same behaviour\n";
    private static final Pattern RESERVATION = Pattern.compile("\"reservationId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern AVAILABLE = Pattern.compile("\"available\"\\s*:\\s*\"?([0-9.]+)");
    private static final Map<String, String> SETTINGS = Map.of(
            "TALLY_LEDGER_PARTITIONS", Integer.toString(PARTITIONS),
            "TALLY_LEDGER_SWEEP_INTERVAL", SWEEP.toMillis() + "ms",
            "TALLY_USAGE_WRITER_RETENTION", "1h",
            "TALLY_USAGE_WRITER_RETRY_BACKOFF", "500ms");

    private static Stores stores;
    private static Gateway old;
    private static Gateway next;
    private static final List<String> accounts = new ArrayList<>();
    private static final List<String> answered = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        stores = Stores.start("deploy");
        var jar = Gateway.copyWith("deploy-new", Map.of("lua/ledger/reserve.lua", CHANGE, "lua/ledger/settle.lua",
                CHANGE));
        var starting = CompletableFuture.supplyAsync(
                () -> Gateway.start("deploy-new", jar, stores.redisUrl(), stores.postgresUrl(), SETTINGS));
        old = stores.gateway("deploy-old", SETTINGS);
        next = starting.join();
        accounts.addAll(old.fundedAccounts("deploy", 4));
    }

    @AfterAll
    static void stop() throws Exception {
        for (var gateway : new Gateway[] { next, old }) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    @Order(1)
    void twoVersionsServeTheSameAccountsAndReadEachOthersState() throws Exception {
        var lib = LuaSources.read("ledger", "_lib");
        var oldSha = LuaSources.sha1(LuaSources.withLibrary(lib, LuaSources.read("ledger", "reserve")));
        var newSha = LuaSources.sha1(LuaSources.withLibrary(lib, LuaSources.read("ledger", "reserve") + CHANGE));
        try (var load = new Load(accounts, 4, List.of(old, next))) {
            await(load, 150);
            var scripts = stores.send(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(oldSha).arg(newSha));
            assertThat(List.of(scripts.get(0).toInteger(), scripts.get(1).toInteger()))
                    .as("both versions' reserve scripts in Redis's cache").containsExactly(1, 1);
            stores.send(Request.cmd(Command.SCRIPT).arg("FLUSH")); // as after a Redis restart: every EVALSHA misses
            await(load, load.reserved.get() + 150);
            answered.addAll(load.answered);
            assertThat(load.failures).as("failed calls of either version").isEmpty();
        }
        for (int i = 0; i < 10; i++) {
            var first = i % 2 == 0 ? old : next;
            var second = first == old ? next : old;
            var account = accounts.get(i % accounts.size());
            var key = UUID.randomUUID().toString();
            var reserved = reserve(first, account, key);
            Gateway.expect(201, reserved);
            var replayed = reserve(second, account, key);
            assertThat(replayed.status()).as("the same key through the other version: " + replayed.body())
                    .isIn(200, 201);
            assertThat(id(replayed)).as("reservation replayed by the other version").isEqualTo(id(reserved));
            Gateway.expect(200, second.send("POST", "/v1/reservations/" + id(reserved) + "/"
                    + (i % 4 < 2 ? "commit" : "release"), null));
            answered.add(id(reserved));
            assertThat(available(second, account)).as("balance of %s read through both versions", account)
                    .isEqualTo(available(first, account));
        }
        for (var gateway : List.of(old, next)) {
            assertThat(gateway.log()).as("log of %s", gateway.name).doesNotContain("NOSCRIPT");
        }
        stores.assertInvariants(PARTITIONS, accounts, answered, SWEEP);
    }

    @Test
    @Order(2)
    void theNewVersionStoppedUnderLoadLosesNothingAndTheOldServesOn() throws Exception {
        String heldByNew;
        try (var load = new Load(accounts, 4, List.of(old, next))) {
            await(load, load.reserved.get() + 100);
            var hold = reserve(next, accounts.get(0), UUID.randomUUID().toString());
            Gateway.expect(201, hold);
            heldByNew = id(hold);
            answered.add(heldByNew);
            long atStop = load.reserved.get();
            var started = Instant.now();
            assertThat(next.terminate()).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
            System.out.printf("RollingDeployIT: deploy-new stopped by SIGTERM in %d ms, under load (%d reserved"
                    + " before); failures %s%n", Duration.between(started, Instant.now()).toMillis(), atStop,
                    load.failures);
            await(load, load.reserved.get() + 100);
            answered.addAll(load.answered);
            assertThat(load.failures.keySet()).as("failures: refused connections (0) or 503, never a 500 or a"
                    + " malformed answer").isSubsetOf(0, 503);
        }
        Gateway.expect(200, old.send("POST", "/v1/reservations/" + heldByNew + "/commit", null));
        var after = reserve(old, accounts.get(1), UUID.randomUUID().toString());
        Gateway.expect(201, after);
        answered.add(id(after));
        stores.assertInvariants(PARTITIONS, accounts, answered, SWEEP);
    }

    private static Gateway.Reply reserve(Gateway gateway, String account, String key) {
        return gateway.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"" + key + "\",\"account\":\"" + account
                + "\",\"service\":\"sms\",\"to\":\"+393471234567\",\"text\":\"hello\"}");
    }

    private static String id(Gateway.Reply reply) {
        var matcher = RESERVATION.matcher(reply.body());
        assertThat(matcher.find()).as(reply.body()).isTrue();
        return matcher.group(1);
    }

    private static String available(Gateway gateway, String account) {
        var reply = gateway.send("GET", "/v1/accounts/" + account + "/balance", null);
        Gateway.expect(200, reply);
        var matcher = AVAILABLE.matcher(reply.body());
        assertThat(matcher.find()).as(reply.body()).isTrue();
        return matcher.group(1);
    }

    private static void await(Load load, long count) {
        var deadline = Instant.now().plusSeconds(60);
        while (load.reserved.get() < count && Instant.now().isBefore(deadline)) {
            Gateway.sleep(50);
        }
        assertThat(load.reserved.get()).as("reservations made (failures %s)", load.failures)
                .isGreaterThanOrEqualTo(count);
    }
}
