package io.tally.reconciliation;

import static io.tally.Api.asOperator;
import static io.tally.reconciliation.ReconciliationFlowTest.awaitSettled;
import static io.tally.reconciliation.ReconciliationFlowTest.grant;
import static io.tally.reconciliation.ReconciliationFlowTest.reconciliation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tally.Api;
import io.tally.ledger.RedisLedger;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Redis loses everything (FLUSHALL) while PostgreSQL keeps the ledger history: money calls fail closed, the operator
 * restores every account in bounded steps, and the balances come back exactly.
 */
@QuarkusTest
class LedgerLossTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    RedisPipes redis;
    @Inject
    RedisLedger ledger;
    @Inject
    LedgerEpoch epoch;

    @Test
    void aWipedRedisRefusesMoneyCallsUntilTheLedgerIsRestoredWithExactBalances() {
        var history = ReconciliationFlowTest.History.run();
        var other = Api.newAccount();
        grant(other, "package", "7");
        awaitSettled(history.account());
        awaitSettled(other);
        var hash = hash(history.account());
        var balance = balance(history.account());
        var otherBalance = balance(other);

        send(Request.cmd(Command.FLUSHALL)); // the usage writer creates its groups again by itself
        epoch.start().await().atMost(TIMEOUT); // a replica starting now must not take the empty Redis for a new ledger

        reserve(history.account(), "after-loss").statusCode(503).header("Retry-After", notNullValue())
                .contentType("application/problem+json").body("type", endsWith("/ledger-lost"));
        lost(asOperator().body(Map.of("idempotencyKey", "in-after-loss", "account", history.account(),
                "service", "sms", "direction", "inbound", "from", "+393471234567", "text", "STOP"))
                .post("/v1/usage").then());
        lost(asOperator().get("/v1/accounts/" + history.account() + "/balance").then());
        lost(asOperator().body(Map.of("idempotencyKey", "g-after-loss", "kind", "package", "amount", "1"))
                .post("/v1/accounts/" + history.account() + "/grants").then());
        lost(asOperator().post("/v1/reservations/" + history.open() + "/commit").then());
        reconciliation(history.account()).body("ledger", equalTo("lost")).body("agrees", equalTo(false));
        assertThat(hash(history.account())).isEmpty();

        asOperator().post("/v1/ledger/restore?accounts=1").then().statusCode(200)
                .body("open", equalTo(false)).body("restoring", not(empty())).body("after", not(equalTo("")));
        var step = asOperator().post("/v1/ledger/restore?accounts=1").then().statusCode(200)
                .body("open", equalTo(false));
        lost(asOperator().get("/v1/accounts/" + history.account() + "/balance").then());
        for (int calls = 0; !step.extract().<Boolean> path("open"); calls++) {
            assertThat(calls).as("restore steps").isLessThan(1000);
            step = asOperator().post("/v1/ledger/restore?accounts=50").then().statusCode(200);
        }
        asOperator().post("/v1/ledger/restore").then().statusCode(200).body("open", equalTo(true))
                .body("restoring", empty());

        assertThat(hash(history.account())).isEqualTo(hash);
        assertThat(balance(history.account())).isEqualTo(balance);
        assertThat(balance(other)).isEqualTo(otherBalance);
        reconciliation(history.account()).body("ledger", equalTo("open")).body("settled", equalTo(true))
                .body("agrees", equalTo(true)).body("differences", empty())
                .body("lostWindow.detectedAt", notNullValue()).body("lostWindow.restoredAt", notNullValue())
                .body("lostWindow.writtenUpTo", notNullValue());

        asOperator().post("/v1/reservations/" + history.open() + "/commit").then().statusCode(200)
                .body("state", equalTo("committed"));
        asOperator().body(Map.of("idempotencyKey", "g-after-restore", "kind", "package", "amount", "1"))
                .post("/v1/accounts/" + history.account() + "/grants").then().statusCode(201);
    }

    @Test
    void aRestoreWithNothingLostAnswersOpenAndABadStepSizeNamesTheParameter() {
        asOperator().post("/v1/ledger/restore").then().statusCode(200).body("open", equalTo(true))
                .body("accounts", equalTo(0));
        asOperator().post("/v1/ledger/restore?accounts=0").then().statusCode(400).body("field", equalTo("accounts"));
        asOperator().post("/v1/ledger/restore?accounts=x").then().statusCode(400).body("field", equalTo("accounts"));
        reconciliation(Api.newAccount()).body("ledger", equalTo("open")).body("agrees", equalTo(true));
    }

    private static void lost(ValidatableResponse response) {
        response.statusCode(503).header("Retry-After", notNullValue()).body("type", endsWith("/ledger-lost"));
    }

    private static ValidatableResponse reserve(String account, String key) {
        return asOperator().body(Map.of("idempotencyKey", key, "account", account, "service", "sms",
                "to", "+393471234567", "text", "hello")).post("/v1/reservations").then();
    }

    private static Map<String, Object> balance(String account) {
        return asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200).extract().jsonPath()
                .getMap("");
    }

    private Map<String, String> hash(String account) {
        var flat = send(Request.cmd(Command.HGETALL).arg(ledger.keys().account(account)));
        var map = new HashMap<String, String>();
        for (var field : flat.getKeys()) {
            map.put(field, flat.get(field).toString());
        }
        return map;
    }

    private Response send(Request request) {
        return redis.send(request).await().atMost(TIMEOUT);
    }
}
