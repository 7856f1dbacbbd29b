package io.tally.report;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.Eventually;

/**
 * The plan usage table and the credit status, read from the ledger's lots through the API: lots counted in the
 * category of the services they pay for (AI apart, lots for several categories shared), the wallets per kind, the
 * limits per sub-account, an office admin's scope, and bad input.
 */
@QuarkusTest
class PlanUsageTest {

    @Test
    void eachLotCountsInTheCategoryOfItsServicesAndTheWalletsSumThemPerKind() {
        var account = pricedAccount();
        grant(account, "g-plan", Map.of("kind", "plan-allowance", "amount", "100", "services", List.of("sms", "mms"),
                "refresh", Map.of("period", "P1M", "rollover", "NONE")));
        grant(account, "g-voice", Map.of("kind", "package", "amount", "50", "services", List.of("voice")));
        grant(account, "g-any", Map.of("kind", "universal", "amount", "20"));
        grant(account, "g-ai", Map.of("kind", "promotional", "amount", "10", "services", List.of("ai-agent")));
        grant(account, "g-later", Map.of("kind", "package", "amount", "30", "services", List.of("sms"),
                "effectiveFrom", Instant.now().plus(Duration.ofDays(800)).truncatedTo(ChronoUnit.SECONDS).toString()));
        String sms = asOperator().body(Map.of("idempotencyKey", "m-1", "account", account, "service", "sms",
                "to", "+393471234567", "text", "hello")).post("/v1/reservations").then().statusCode(201)
                .extract().path("reservationId");
        asOperator().post("/v1/reservations/" + sms + "/commit").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "c-1", "account", account, "service", "voice",
                "to", "+393471234567", "units", 120)).post("/v1/reservations").then().statusCode(201);

        var plan = asOperator().get("/v1/accounts/" + account + "/reports/plan-usage").then().statusCode(200)
                .extract().jsonPath();
        assertThat(plan.getString("cycle.period")).isEqualTo("monthly");
        assertThat(plan.<String> getList("categories.category")).containsExactly("calling", "messaging", "fax", "other");
        // the built-in services first; services other tests defined in the shared catalogue may follow
        assertThat(plan.<String> getList("categories[1].services")).startsWith("sms", "mms");
        assertThat(plan.getDouble("categories[0].committed")).isEqualTo(50.0);
        assertThat(plan.getDouble("categories[0].spent")).isEqualTo(1.0); // held by the open call
        assertThat(plan.getDouble("categories[0].available")).isEqualTo(49.0);
        assertThat(plan.getDouble("categories[0].usedPercent")).isEqualTo(2.0);
        assertThat(plan.getDouble("categories[1].committed")).isEqualTo(100.0);
        assertThat(plan.getDouble("categories[1].spent")).isEqualTo(1.0);
        assertThat(plan.getDouble("categories[1].usedPercent")).isEqualTo(1.0);
        assertThat(plan.getInt("categories[2].lots")).isZero();
        assertThat(plan.getString("categories[2].usedPercent")).isNull();
        assertThat(plan.<String> getList("ai.category")).containsExactly("ai");
        assertThat(plan.getDouble("ai[0].committed")).isEqualTo(10.0);
        assertThat(plan.getDouble("shared.committed")).isEqualTo(20.0);
        assertThat(plan.getInt("total.lots")).isEqualTo(4); // the lot effective after this cycle is left out
        assertThat(plan.getDouble("total.spent")).isEqualTo(2.0);

        assertThat(plan.<String> getList("wallets.kind")).containsExactly("plan-allowance", "package", "universal",
                "promotional");
        assertThat(plan.getString("wallets[0].cycle.period")).isEqualTo("P1M");
        assertThat(plan.getDouble("wallets[0].balance")).isEqualTo(99.0);
        assertThat(plan.getDouble("wallets[1].used")).isEqualTo(1.0);
        assertThat(plan.getString("wallets[1].cycle")).isNull();
        assertThat(plan.getString("wallets[1].nextExpiry")).isNotNull();

        // the ledger's entries of one credit category, as a file named for it
        Eventually.await("the call's reserve entry", () -> asOperator().queryParam("category", "calling")
                .get("/v1/accounts/" + account + "/ledger").then().statusCode(200).extract()
                .<List<Object>> path("items").size() == 1, Duration.ofSeconds(20));
        var file = asOperator().queryParam("category", "calling").get("/v1/accounts/" + account + "/ledger/export")
                .then().statusCode(200).extract();
        assertThat(file.header("Content-Disposition"))
                .matches("attachment; filename=\"ledger-entries-calling-\\d{4}-\\d{2}-\\d{2}\\.csv\"");
        assertThat(file.asString().lines().toList()).hasSize(2);
        assertThat(file.asString().lines().skip(1).findFirst().orElseThrow()).contains(",reserve,").contains(",voice,");
    }

    @Test
    void creditStatusShowsEachLimitAndAnOfficeAdminOnlyItsOwn() {
        var account = pricedAccount();
        asOperator().body(Map.of("id", "rome", "name", "Rome", "monthlyLimit", "30"))
                .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201);
        asOperator().body(Map.of("id", "milan", "name", "Milan")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        grant(account, "g-1", Map.of("kind", "package", "amount", "100"));
        asOperator().body(Map.of("idempotencyKey", "m-1", "account", account, "subAccount", "rome", "service", "sms",
                "to", "+393471234567", "text", "hello")).post("/v1/reservations").then().statusCode(201);

        var status = asOperator().get("/v1/accounts/" + account + "/reports/credit-status").then().statusCode(200)
                .extract().jsonPath();
        assertThat(status.getDouble("overdraft.limit")).isZero();
        assertThat(status.getDouble("overdraft.available")).isEqualTo(99.0);
        assertThat(status.getBoolean("overdraft.exceeded")).isFalse();
        assertThat(status.<String> getList("subAccounts.id")).containsExactly("milan", "rome");
        assertThat(status.getString("subAccounts[0].monthlyLimit")).isNull();
        assertThat(status.getDouble("subAccounts[1].monthlyLimit")).isEqualTo(30.0);
        assertThat(status.getDouble("subAccounts[1].used")).isEqualTo(1.0);
        assertThat(status.getDouble("subAccounts[1].remaining")).isEqualTo(29.0);
        assertThat(status.getDouble("subAccounts[1].usedPercent")).isEqualTo(3.3);
        assertThat(Instant.parse(status.getString("from"))).isBefore(Instant.parse(status.getString("to")));

        var rome = Api.accountKey(account, "office-admin", List.of("rome"));
        var own = as(rome).get("/v1/accounts/" + account + "/reports/credit-status").then().statusCode(200)
                .extract().jsonPath();
        assertThat(own.<String> getList("subAccounts.id")).containsExactly("rome");
        assertThat(own.getString("overdraft")).isNull();
        as(rome).queryParam("subAccount", "milan").get("/v1/accounts/" + account + "/reports/credit-status").then()
                .statusCode(403).contentType("application/problem+json");
        as(rome).get("/v1/accounts/" + account + "/reports/plan-usage").then().statusCode(403)
                .contentType("application/problem+json");
        asOperator().queryParam("subAccount", "milan").get("/v1/accounts/" + account + "/reports/credit-status")
                .then().statusCode(200).body("subAccounts.id", equalTo(List.of("milan")));
        asOperator().queryParam("subAccount", "nowhere").get("/v1/accounts/" + account + "/reports/credit-status")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "plan-usage?month=2026-03          | month",
            "credit-status?colour=red          | colour",
            "credit-status?subAccount=a%20b    | subAccount",
            "breakdown?month=2026-03&by=colour | by",
            "usage?category=postal             | category" })
    void badInputIsAProblemNamingTheParameter(String query, String field) {
        var account = Api.newAccount();
        asOperator().get("/v1/accounts/" + account + "/reports/" + query).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo(field));
    }

    @Test
    void anUnknownAccountIsNotFound() {
        asOperator().get("/v1/accounts/no-such-account/reports/plan-usage").then().statusCode(404);
        asOperator().get("/v1/accounts/no-such-account/reports/credit-status").then().statusCode(404);
    }

    private static void grant(String account, String key, Map<String, Object> body) {
        var request = new java.util.HashMap<>(body);
        request.put("idempotencyKey", key);
        asOperator().body(request).post("/v1/accounts/" + account + "/grants").then().statusCode(201);
    }

    /** A new account with outbound SMS at 1 credit a segment and voice at 0.5 a minute. */
    private static String pricedAccount() {
        var account = Api.newAccount();
        asOperator().body(Map.of("rates", List.of(
                Map.of("service", "SMS", "direction", "outbound", "country", "*", "rate", "1"),
                Map.of("service", "VOICE", "direction", "outbound", "country", "*", "rate", "0.5"))))
                .put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        return account;
    }
}
