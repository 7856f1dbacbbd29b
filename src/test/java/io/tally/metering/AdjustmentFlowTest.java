package io.tally.metering;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tally.Api;

/** Adjustments over HTTP: who may make them, what they answer, and the ledger entries they leave with who made them. */
@QuarkusTest
class AdjustmentFlowTest {
    @Test
    void anOperatorCreditsDebitsAndVoidsAndTheLedgerShowsWhoAndWhy() {
        var account = Api.newAccount();
        String lot = asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "promotional", "amount", "10"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201).extract().path("lot");

        var credit = Map.of("idempotencyKey", "adj-credit", "type", "credit", "amount", "5", "reason", "goodwill");
        String credited = asOperator().body(credit).post("/v1/accounts/" + account + "/adjustments").then()
                .statusCode(201).body("type", equalTo("credit")).body("amount", equalTo(5)).body("pool", equalTo(15))
                .body("allocation", nullValue()).body("by", equalTo("bootstrap")).extract().path("lot");
        asOperator().body(credit).post("/v1/accounts/" + account + "/adjustments").then().statusCode(201)
                .body("replayed", equalTo(true)).body("lot", equalTo(credited)).body("pool", equalTo(15));
        adjust(Api.OPERATOR_KEY, account, Map.of("type", "debit", "amount", "16", "reason", "too much"))
                .statusCode(402).body("limit", equalTo("balance")).body("available", equalTo(15));
        adjust(Api.OPERATOR_KEY, account, Map.of("type", "debit", "amount", "3", "reason", "double charge"))
                .statusCode(201).body("pool", equalTo(12));
        adjust(Api.OPERATOR_KEY, account, Map.of("type", "void", "lot", lot, "reason", "campaign withdrawn"))
                .statusCode(201).body("lot", equalTo(lot)).body("pool", equalTo(5));
        adjust(Api.OPERATOR_KEY, account, Map.of("type", "void", "lot", "lot_nothing", "reason", "x"))
                .statusCode(404);
        asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200)
                .body("available", equalTo(5));

        var entries = awaitEntries(account, 4);
        assertThat(entries).extracting(entry -> entry.get("type"))
                .containsExactly("void-credits", "adjust-debit", "adjust-credit", "grant");
        assertThat(entries.get(0).get("extra").toString()).contains("campaign withdrawn").contains("bootstrap");
    }

    @Test
    void aCompanyAdminAdjustsOnlyWhereTheOperatorAllowsIt() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", "10"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        var credit = Map.of("type", "credit", "amount", "1", "reason", "refund of a failed campaign");

        adjust(admin, account, credit).statusCode(403);
        as(admin).body(Map.of("ledger", Map.of("adjustmentsByAdmins", true))).patch("/v1/accounts/" + account)
                .then().statusCode(403);
        asOperator().body(Map.of("ledger", Map.of("adjustmentsByAdmins", true))).patch("/v1/accounts/" + account)
                .then().statusCode(200).body("ledger.adjustmentsByAdmins", equalTo(true));

        adjust(admin, account, credit).statusCode(201).body("pool", equalTo(11));
    }

    @Test
    void badAdjustmentsAreRefusedNamingTheField() {
        var account = Api.newAccount();
        asOperator().body(Map.of("id", "rome", "name", "Rome")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);

        adjust(Api.OPERATOR_KEY, account, Map.of("type", "refund", "amount", "1", "reason", "x")).statusCode(400)
                .body("field", equalTo("type"));
        adjust(Api.OPERATOR_KEY, account, Map.of("type", "credit", "amount", "1")).statusCode(400)
                .body("field", equalTo("reason"));
        adjust(Api.OPERATOR_KEY, account, Map.of("type", "credit", "amount", "-1", "reason", "x")).statusCode(400)
                .body("field", equalTo("amount"));
        adjust(Api.OPERATOR_KEY, account, Map.of("type", "void", "amount", "1", "lot", "l1", "reason", "x"))
                .statusCode(400).body("field", equalTo("amount"));
        adjust(Api.OPERATOR_KEY, account, Map.of("type", "credit", "amount", "1", "subAccount", "rome",
                "reason", "x")).statusCode(400).body("field", equalTo("subAccount"));
        adjust(Api.OPERATOR_KEY, account, Map.of("type", "credit", "amount", "1", "reason", "two\nlines"))
                .statusCode(400).body("field", equalTo("reason"));
    }

    private static ValidatableResponse adjust(String key, String account, Map<String, String> body) {
        var request = new HashMap<String, String>(body);
        request.put("idempotencyKey", "adj-" + UUID.randomUUID());
        return as(key).body(request).post("/v1/accounts/" + account + "/adjustments").then();
    }

    private static List<Map<String, Object>> awaitEntries(String account, int count) {
        var deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<Map<String, Object>> items = asOperator().get("/v1/accounts/" + account + "/ledger").then()
                    .statusCode(200).extract().jsonPath().getList("items");
            if (items.size() >= count) {
                return items;
            }
            assertThat(System.nanoTime()).as("the writer writes the entries").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
