package io.tally.reconciliation;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.ledger.Balance;
import io.tally.ledger.LedgerKeys;
import io.tally.ledger.RedisLedger;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/** Reconciliation and rebuild over a realistic history: ledger calls over HTTP, written by the usage writer. */
@QuarkusTest
class ReconciliationFlowTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    RedisPipes redis;
    @Inject
    RedisLedger ledger;
    @Inject
    PeriodicReconciliation periodic;
    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Test
    void aWrittenHistoryAgreesAndTamperingShowsExactlyTheTamperedFields() {
        var history = History.run();
        awaitSettled(history.account);
        reconciliation(history.account).body("settled", equalTo(true)).body("agrees", equalTo(true))
                .body("differences", empty());

        var hash = hash(history.account);
        var lot = history.firstLot();
        send(Request.cmd(Command.HINCRBY).arg(key(history.account)).arg("lot:" + lot).arg(5));
        send(Request.cmd(Command.HDEL).arg(key(history.account)).arg("alloc:milan"));

        var differences = reconciliation(history.account).body("settled", equalTo(true))
                .body("agrees", equalTo(false)).extract().jsonPath().getList("differences");
        var deleted = new HashMap<String, String>();
        deleted.put("field", "alloc:milan");
        deleted.put("redis", null);
        deleted.put("postgres", hash.get("alloc:milan"));
        assertThat(differences).containsExactly(deleted,
                Map.of("field", "lot:" + lot, "redis", Long.toString(Long.parseLong(hash.get("lot:" + lot)) + 5),
                        "postgres", hash.get("lot:" + lot)));
    }

    @Test
    void aRebuildRestoresTheBalanceAndTheOpenReservationCanStillBeCommitted() {
        var history = History.run();
        awaitSettled(history.account);
        var month = YearMonth.now(ZoneId.of("Europe/Rome")).toString();
        var balance = balance(history.account, month);
        var hash = hash(history.account);
        var holdKey = ledger.keys().hold(history.open);
        var hold = send(Request.cmd(Command.GET).arg(holdKey)).toString().split("\\|", 13);
        var deadlines = LedgerKeys.deadlines(ledger.keys().partition(history.account));

        send(Request.cmd(Command.DEL).arg(key(history.account)).arg(holdKey)
                .arg(ledger.keys().usable(history.account)));
        send(Request.cmd(Command.ZREM).arg(deadlines).arg(history.open));
        assertThat(hash(history.account)).isEmpty();

        asOperator().post("/v1/accounts/" + history.account + "/rebuild")
                .then().statusCode(200).body("holds", equalTo(1)).body("lots", equalTo(5))
                .body("fields", equalTo(hash.size())).body("held", equalTo(1));

        assertThat(hash(history.account)).isEqualTo(hash);
        var usable = List.of(send(Request.cmd(Command.GET).arg(ledger.keys().usable(history.account))).toString()
                .split(","));
        assertThat(usable).as("the index of usable lots").containsExactlyInAnyOrderElementsOf(hash.entrySet().stream()
                .filter(e -> e.getKey().startsWith("lot:") && !e.getValue().equals("0"))
                .map(e -> e.getKey().substring(4)).toList()).isNotEmpty();
        assertThat(balance(history.account, month)).isEqualTo(balance);
        var rebuilt = send(Request.cmd(Command.GET).arg(holdKey)).toString().split("\\|", 13);
        assertThat(rebuilt[1]).as("PostgreSQL has no fingerprint").isEmpty();
        assertThat(Arrays.asList(rebuilt).subList(3, 12)).as("deadline to onExpiry")
                .isEqualTo(Arrays.asList(hold).subList(3, 12));
        assertThat(send(Request.cmd(Command.ZSCORE).arg(deadlines).arg(history.open)).toDouble().longValue())
                .isEqualTo(Long.parseLong(hold[3]));
        reconciliation(history.account).body("agrees", equalTo(true));

        asOperator().post("/v1/reservations/" + history.open + "/commit")
                .then().statusCode(200).body("state", equalTo("committed")).body("repeated", equalTo(false));
    }

    @Test
    void aStreamRecreatedEmptyNeitherAgreesWithAnEmptyHashNorShortensTheRebuild() {
        var history = History.run();
        awaitSettled(history.account);
        var hash = hash(history.account);
        var partition = ledger.keys().partition(history.account);
        var events = LedgerKeys.events(partition);
        var holdKey = ledger.keys().hold(history.open);

        // what Redis restarted empty looks like once the usage writer re-created its group: the stream at 0-0
        send(Request.cmd(Command.DEL).arg(key(history.account)).arg(holdKey).arg(events));
        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(events).arg("usage-writer").arg("0").arg("MKSTREAM"));

        reconciliation(history.account).body("settled", equalTo(true)).body("agrees", equalTo(false));
        asOperator().post("/v1/accounts/" + history.account + "/rebuild")
                .then().statusCode(200).body("holds", equalTo(1)).body("held", equalTo(1));
        assertThat(hash(history.account)).isEqualTo(hash);
        reconciliation(history.account).body("agrees", equalTo(true));

        asOperator().post("/v1/reservations/" + history.open + "/commit").then().statusCode(200);
        awaitSettled(history.account);
        assertThat(hash(history.account).get("held")).isEqualTo("0");
        reconciliation(history.account).body("agrees", equalTo(true));
    }

    @Test
    void thePeriodicRunCountsTheAccountsThatDifferAndExportsThem() {
        var history = History.run();
        awaitSettled(history.account);
        send(Request.cmd(Command.HINCRBY).arg(key(history.account)).arg("pool").arg(1));

        var run = periodic.runOnce().await().atMost(Duration.ofSeconds(60));
        assertThat(run.checked()).isPositive();
        assertThat(run.differing()).isPositive();
        assertThat(registry.get("tally.reconciliation.accounts").tag("outcome", "differing").gauge().value())
                .isEqualTo(run.differing());
        assertThat(registry.get("tally.reconciliation.last.run").gauge().value()).isPositive();
        send(Request.cmd(Command.HINCRBY).arg(key(history.account)).arg("pool").arg(-1));
    }

    @Test
    void anUnknownAccountIsNotFoundAndAMalformedOneIsABadRequest() {
        asOperator().get("/v1/accounts/no-such-account/reconciliation")
                .then().statusCode(404).contentType("application/problem+json");
        asOperator().post("/v1/accounts/no-such-account/rebuild").then().statusCode(404);
        asOperator().get("/v1/accounts/" + "x".repeat(65) + "/reconciliation")
                .then().statusCode(400).body("field", equalTo("account"));
        asOperator().post("/v1/accounts/a.b/rebuild").then().statusCode(400);
    }

    /** Waits for the usage writer to have written every event of the account. */
    static void awaitSettled(String account) {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!asOperator().get("/v1/accounts/" + account + "/reconciliation").then().statusCode(200).extract()
                .<Boolean> path("settled")) {
            assertThat(System.nanoTime()).as("the writer catches up with " + account).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    static io.restassured.response.ValidatableResponse reconciliation(String account) {
        return asOperator().get("/v1/accounts/" + account + "/reconciliation").then().statusCode(200);
    }

    private Balance balance(String account, String month) {
        return ledger.balance(account, month).await().atMost(TIMEOUT);
    }

    private Map<String, String> hash(String account) {
        return flat(send(Request.cmd(Command.HGETALL).arg(key(account))));
    }

    private String key(String account) {
        return ledger.keys().account(account);
    }

    private Response send(Request request) {
        return redis.send(request).await().atMost(TIMEOUT);
    }

    private static Map<String, String> flat(Response response) {
        var map = new HashMap<String, String>();
        for (var field : response.getKeys()) {
            map.put(field, response.get(field).toString());
        }
        return map;
    }

    static void grant(String account, String kind, String amount) {
        asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", kind, "amount", amount))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
    }

    /**
     * Grants of several kinds, an allocation to a sub-account, adjustments (a credit to the sub-account, a debit of
     * the pool, a void of a lot), reservations committed (whole and in part), released and left open, a metered use
     * that runs into debt, and a grant that pays it.
     */
    record History(String account, String open) {
        static History run() {
            var account = Api.newAccount();
            var rates = List.of("SMS", "VOICE").stream()
                    .flatMap(service -> List.of("outbound", "inbound").stream()
                            .map(direction -> Map.of("service", service, "direction", direction, "country", "*",
                                    "rate", "1")))
                    .toList();
            asOperator().body(Map.of("rates", rates)).put("/v1/accounts/" + account + "/rates").then().statusCode(200);
            asOperator().body(Map.of("id", "milan", "name", "Milan", "mode", "allocated"))
                    .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201);
            asOperator().body(Map.of("id", "rome", "name", "Rome"))
                    .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201);
            grant(account, "package", "10");
            asOperator().body(Map.of("idempotencyKey", "g-plan", "kind", "plan-allowance", "amount", "5",
                    "services", List.of("sms"))).post("/v1/accounts/" + account + "/grants").then().statusCode(201);
            String promo = asOperator().body(Map.of("idempotencyKey", "g-promo", "kind", "promotional",
                    "amount", "2.5", "expiresAt", "2099-01-01T00:00:00Z"))
                    .post("/v1/accounts/" + account + "/grants").then().statusCode(201).extract().path("lot");
            asOperator().body(Map.of("idempotencyKey", "a-1", "subAccount", "milan", "amount", "6"))
                    .post("/v1/accounts/" + account + "/allocations").then().statusCode(201);
            adjust(account, Map.of("type", "credit", "amount", "1", "subAccount", "milan", "reason", "goodwill"));
            adjust(account, Map.of("type", "debit", "amount", "0.5", "reason", "granted twice"));
            adjust(account, Map.of("type", "void", "lot", promo, "reason", "campaign withdrawn"));

            commit(reserve(sms(account, "m-1", null, "hello")), null);
            release(reserve(sms(account, "m-2", "milan", "a".repeat(400))));
            commit(reserve(Map.of("idempotencyKey", "c-1", "account", account, "subAccount", "rome",
                    "service", "voice", "to", "+393471234567", "units", 300)), "2");
            var open = reserve(sms(account, "m-3", "milan", "still sending"));
            asOperator().body(Map.of("idempotencyKey", "u-1", "account", account, "subAccount", "rome",
                    "service", "voice", "direction", "inbound", "from", "+393471234567", "units", 1200))
                    .post("/v1/usage").then().statusCode(201).body("overLimit", equalTo(true));
            grant(account, "universal", "3");
            return new History(account, open);
        }

        private static void adjust(String account, Map<String, String> body) {
            var request = new HashMap<String, String>(body);
            request.put("idempotencyKey", "adj-" + UUID.randomUUID());
            asOperator().body(request).post("/v1/accounts/" + account + "/adjustments").then().statusCode(201);
        }

        String firstLot() {
            return asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200)
                    .extract().path("lots[0].id");
        }

        private static Map<String, Object> sms(String account, String key, String sub, String text) {
            var sms = new HashMap<String, Object>(Map.of("idempotencyKey", key, "account", account,
                    "service", "sms", "to", "+393471234567", "text", text));
            if (sub != null) {
                sms.put("subAccount", sub);
            }
            return sms;
        }

        private static String reserve(Map<String, Object> body) {
            return asOperator().body(body).post("/v1/reservations").then().statusCode(201)
                    .extract().path("reservationId");
        }

        private static void commit(String id, String amount) {
            var request = amount == null ? asOperator() : asOperator().body(Map.of("amount", amount));
            request.post("/v1/reservations/" + id + "/commit").then().statusCode(200);
        }

        private static void release(String id) {
            asOperator().post("/v1/reservations/" + id + "/release").then().statusCode(200);
        }
    }
}
