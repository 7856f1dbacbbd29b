package io.tally.report;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

/**
 * The account's own spending limit through the API: set by a company admin, reservations refused past it (402 naming
 * it), shown in the credit status and the balance with the current period, removed with null; sub-accounts' limits
 * per week; bad settings named.
 */
@QuarkusTest
class AccountSpendingLimitTest {

    @Test
    void aDailyLimitRefusesReservationsPastItAndTheCreditStatusShowsWhatRemains() {
        var account = pricedAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        as(admin).body(Map.of("spendingLimit", Map.of("amount", "2.5", "period", "day")))
                .patch("/v1/accounts/" + account).then().statusCode(200)
                .body("spendingLimit.amount", equalTo(2.5f)).body("spendingLimit.period", equalTo("day"));
        // a change of another setting leaves the limit as it is
        as(admin).body(Map.of("name", "Renamed")).patch("/v1/accounts/" + account).then().statusCode(200)
                .body("spendingLimit.period", equalTo("day"));
        grant(account, "g-1", Map.of("kind", "package", "amount", "100"));

        reserve(account, "m-1").then().statusCode(201);
        reserve(account, "m-2").then().statusCode(201);
        reserve(account, "m-3").then().statusCode(402).contentType("application/problem+json")
                .body("limit", equalTo("account-spending-limit")).body("available", equalTo(0.5f));

        var today = LocalDate.now(ZoneId.of("Europe/Rome")).format(DateTimeFormatter.ISO_LOCAL_DATE);
        var status = asOperator().get("/v1/accounts/" + account + "/reports/credit-status").then().statusCode(200)
                .extract().jsonPath();
        assertThat(status.getDouble("spendingLimit.limit")).isEqualTo(2.5);
        assertThat(status.getString("spendingLimit.period")).isEqualTo("day");
        assertThat(status.getString("spendingLimit.label")).isIn(today,
                LocalDate.parse(today).plusDays(1).toString()); // midnight may pass between the two reads
        assertThat(status.getDouble("spendingLimit.used")).isEqualTo(2.0);
        assertThat(status.getDouble("spendingLimit.remaining")).isEqualTo(0.5);
        assertThat(status.getBoolean("spendingLimit.exceeded")).isFalse();
        as(admin).get("/v1/accounts/" + account + "/balance").then().statusCode(200)
                .body("spendingLimit.spent", equalTo(2)).body("spendingLimit.remaining", equalTo(0.5f));

        var office = Api.accountKey(account, "office-admin", List.of("rome"));
        as(office).get("/v1/accounts/" + account + "/reports/credit-status").then().statusCode(200)
                .body("spendingLimit", nullValue());

        var clear = new HashMap<String, Object>();
        clear.put("spendingLimit", null);
        as(admin).body(clear).patch("/v1/accounts/" + account).then().statusCode(200)
                .body("spendingLimit", nullValue());
        reserve(account, "m-4").then().statusCode(201);
        asOperator().get("/v1/accounts/" + account + "/reports/credit-status").then().statusCode(200)
                .body("spendingLimit", nullValue());
    }

    @Test
    void aSubAccountLimitPerWeekCountsTheWeek() {
        var account = pricedAccount();
        grant(account, "g-1", Map.of("kind", "package", "amount", "100"));
        asOperator().body(Map.of("id", "rome", "name", "Rome", "monthlyLimit", "1", "limitPeriod", "week"))
                .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201)
                .body("limitPeriod", equalTo("week"));
        var body = new HashMap<String, Object>(Map.of("idempotencyKey", "w-1", "account", account, "subAccount",
                "rome", "service", "sms", "to", "+393471234567", "text", "hello"));
        asOperator().body(body).post("/v1/reservations").then().statusCode(201);
        body.put("idempotencyKey", "w-2");
        asOperator().body(body).post("/v1/reservations").then().statusCode(402).body("limit", equalTo("spending-limit"));

        var week = LocalDate.now(ZoneId.of("Europe/Rome"));
        var label = String.format("%04d-W%02d", week.get(IsoFields.WEEK_BASED_YEAR),
                week.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        var status = asOperator().get("/v1/accounts/" + account + "/reports/credit-status").then().statusCode(200)
                .extract().jsonPath();
        assertThat(status.getString("subAccounts[0].limitPeriod")).isEqualTo("week");
        assertThat(status.getString("subAccounts[0].period")).startsWith(label.substring(0, 6));
        assertThat(status.getDouble("subAccounts[0].used")).isEqualTo(1.0);
        assertThat(status.getDouble("subAccounts[0].remaining")).isZero();
    }

    @ParameterizedTest(name = "{0} = {1} is refused")
    @CsvSource({ "amount, lots", "amount, -1", "period, hour" })
    void badLimitsAreNamedAndChangeNothing(String field, String value) {
        var account = Api.newAccount();
        var limit = new HashMap<String, Object>(Map.of("amount", "5", "period", "week"));
        limit.put(field, value);
        asOperator().body(Map.of("spendingLimit", limit)).patch("/v1/accounts/" + account).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("spendingLimit." + field));
        asOperator().get("/v1/accounts/" + account).then().statusCode(200).body("spendingLimit", nullValue());
        asOperator().body(Map.of("id", "x", "name", "X", "limitPeriod", "fortnight"))
                .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(400)
                .body("field", equalTo("limitPeriod"));
    }

    @Test
    void aLimitThatIsNotAnObjectOrHasAnotherMemberIsRefused() {
        var account = Api.newAccount();
        asOperator().body(Map.of("spendingLimit", Map.of("amount", "5", "colour", "red")))
                .patch("/v1/accounts/" + account).then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("spendingLimit"));
        asOperator().body(Map.of("spendingLimit", "5")).patch("/v1/accounts/" + account).then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("spendingLimit"));
    }

    private static io.restassured.response.Response reserve(String account, String key) {
        return asOperator().body(Map.of("idempotencyKey", key, "account", account, "service", "sms", "to",
                "+393471234567", "text", "hello")).post("/v1/reservations");
    }

    private static void grant(String account, String key, Map<String, Object> body) {
        var request = new HashMap<>(body);
        request.put("idempotencyKey", key);
        asOperator().body(request).post("/v1/accounts/" + account + "/grants").then().statusCode(201);
    }

    /** A new account in Rome with outbound SMS at 1 credit a segment. */
    private static String pricedAccount() {
        var account = Api.newAccount();
        asOperator().body(Map.of("timeZone", "Europe/Rome")).patch("/v1/accounts/" + account).then().statusCode(200);
        asOperator().body(Map.of("rates", List.of(
                Map.of("service", "SMS", "direction", "outbound", "country", "*", "rate", "1"))))
                .put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        return account;
    }
}
