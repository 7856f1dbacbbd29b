package io.tally.payment;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.Eventually;
import io.tally.ledger.LedgerKeys;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

@QuarkusTest
class AutoRechargeResourceTest {
    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    static Map<String, Object> settings() {
        var body = new HashMap<String, Object>();
        body.put("threshold", "5");
        body.put("amount", "20");
        body.put("paymentMethod", "pm_card_visa");
        body.put("maxPerMonth", "100");
        return body;
    }

    @Test
    void aCompanyAdminSetsItAndReadsItBack() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());

        as(admin).body(settings()).put("/v1/accounts/" + account + "/auto-recharge")
                .then().statusCode(200).body("enabled", equalTo(true)).body("threshold", equalTo(5))
                .body("amount", equalTo(20)).body("paymentMethod", equalTo("pm_card_visa"));
        var target = Map.<String, Object> of("threshold", "5.5", "target", 50, "paymentMethod", "pm_2",
                "enabled", false);
        as(admin).body(target).put("/v1/accounts/" + account + "/auto-recharge").then().statusCode(200);

        asOperator().get("/v1/accounts/" + account + "/auto-recharge")
                .then().statusCode(200).body("enabled", equalTo(false)).body("threshold", equalTo(5.5f))
                .body("target", equalTo(50)).body("paymentMethod", equalTo("pm_2"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(nullValues = "null", value = {
            "threshold, 0", "threshold, -1", "threshold, null", "threshold, 1.0000001", "amount, 0", "amount, -5",
            "maxPerMonth, 0", "paymentMethod, null", "paymentMethod, ''", "target, 20", "amount, null" })
    void badInputIsAProblemNamingTheFieldAndChangesNothing(String field, String value) {
        var account = Api.newAccount();
        var body = settings();
        body.put(field, value);

        asOperator().body(body).put("/v1/accounts/" + account + "/auto-recharge")
                .then().statusCode(400).body("field", equalTo(field));

        asOperator().get("/v1/accounts/" + account + "/auto-recharge").then().statusCode(404);
    }

    @Test
    void anotherTenantsAccountIsRefused() {
        var account = Api.newAccount();
        var other = Api.accountKey(Api.newAccount(), "company-admin", List.of());

        as(other).body(settings()).put("/v1/accounts/" + account + "/auto-recharge").then().statusCode(403);
        as(other).get("/v1/accounts/" + account + "/auto-recharge").then().statusCode(403);
        asOperator().body(settings()).put("/v1/accounts/no-such-" + UUID.randomUUID() + "/auto-recharge")
                .then().statusCode(404).body("detail", containsString("no account"));
    }

    @Test
    void theThresholdReachesTheScriptsAndTheInvoiceProviderRecharges() {
        var account = Api.newAccount();
        asOperator().body(Map.of("rates", List.of(Map.of("service", "SMS", "direction", "outbound", "country", "*",
                "rate", "1")))).put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", "6"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        asOperator().body(settings()).put("/v1/accounts/" + account + "/auto-recharge").then().statusCode(200);

        reserve(account, "m-1");
        assertThat(recharge(account)).as("5 left, threshold 5").isNull();
        reserve(account, "m-2");

        assertThat(recharge(account)).startsWith("OPEN|");
        Eventually.await("the invoice provider's recharge lot", () -> recharge(account) == null);
        List<Map<String, Object>> lots = asOperator().get("/v1/accounts/" + account + "/balance").then()
                .statusCode(200).extract().jsonPath().getList("lots");
        assertThat(lots).filteredOn(lot -> "auto-recharge".equals(lot.get("kind")))
                .extracting(lot -> lot.get("granted").toString()).containsExactly("20");

        var first = asOperator().get("/v1/accounts/" + account + "/payments").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].kind", equalTo("recharge"))
                .body("items[0].status", equalTo("succeeded")).body("items[0].provider", equalTo("invoice"))
                .body("items[0].credits", equalTo(20)).body("items[0].amount", equalTo(20))
                .body("items[0].currency", equalTo("EUR")).body("items[0].paymentMethod", equalTo("pm_card_visa"))
                .body("items[0].lot", startsWith("rc_")).body("items[0].reference", startsWith("invoice:"))
                .body("next", nullValue()).extract().<String> path("items[0].id");
        for (int i = 3; i <= 22; i++) {
            reserve(account, "m-" + i);
        }
        Eventually.await("a second recharge", () -> asOperator().get("/v1/accounts/" + account + "/payments")
                .then().extract().<List<Object>> path("items").size() == 2);
        String next = asOperator().queryParam("limit", 1).get("/v1/accounts/" + account + "/payments").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].id", not(equalTo(first)))
                .extract().path("next");
        asOperator().queryParam("limit", 1).queryParam("cursor", next).get("/v1/accounts/" + account + "/payments")
                .then().statusCode(200).body("items[0].id", equalTo(first)).body("next", nullValue());
        as(Api.accountKey(account, "office-admin", List.of("rome"))).get("/v1/accounts/" + account + "/payments")
                .then().statusCode(200).body("items", hasSize(0));
        asOperator().queryParam("limit", 0).get("/v1/accounts/" + account + "/payments").then().statusCode(400)
                .body("field", equalTo("limit"));
        asOperator().queryParam("cursor", "nope").get("/v1/accounts/" + account + "/payments").then()
                .statusCode(400).body("field", equalTo("cursor"));
    }

    private static void reserve(String account, String key) {
        asOperator().body(Map.of("idempotencyKey", key, "account", account, "service", "sms", "to", "+393471234567",
                "text", "hi")).post("/v1/reservations").then().statusCode(201);
    }

    private String recharge(String account) {
        var value = redis.send(Request.cmd(Command.GET).arg(new LedgerKeys(partitions).recharge(account)))
                .await().atMost(Duration.ofSeconds(10));
        return value == null ? null : value.toString();
    }
}
