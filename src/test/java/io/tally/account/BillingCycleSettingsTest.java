package io.tally.account;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.ledger.BillingCycle;

/** The billing cycle is an account setting of company admins and operators; the balance shows the current cycle. */
@QuarkusTest
class BillingCycleSettingsTest {
    @Test
    void aCompanyAdminSetsTheCycleAndTheBalanceShowsTheCurrentOne() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        as(admin).body(Map.of("billingCycle", Map.of("anchor", "2026-01-30T23:00:00Z", "period", "monthly",
                "limitMonths", "billing")))
                .patch("/v1/accounts/" + account)
                .then().statusCode(200)
                .body("billingCycle.anchor", equalTo("2026-01-30T23:00:00Z"))
                .body("billingCycle.period", equalTo("monthly"))
                .body("billingCycle.limitMonths", equalTo("billing"));

        var cycle = new BillingCycle(Instant.parse("2026-01-30T23:00:00Z"), BillingCycle.Period.MONTHLY,
                ZoneId.of("Europe/Rome")).current(Instant.now());
        as(admin).get("/v1/accounts/" + account + "/balance")
                .then().statusCode(200)
                .body("cycle.start", equalTo(cycle.start().toString()))
                .body("cycle.end", equalTo(cycle.end().toString()))
                .body("cycle.period", equalTo("monthly"));
    }

    @Test
    void withoutASettingTheCycleIsMonthlyFromTheAccountsCreation() {
        var account = Api.newAccount();
        var created = asOperator().get("/v1/accounts/" + account).then().statusCode(200)
                .body("billingCycle.period", equalTo("monthly"))
                .body("billingCycle.limitMonths", equalTo("calendar"))
                .extract().path("createdAt").toString();
        asOperator().get("/v1/accounts/" + account).then()
                .body("billingCycle.anchor", equalTo(Instant.parse(created).truncatedTo(
                        java.time.temporal.ChronoUnit.MILLIS).toString()));
    }

    @ParameterizedTest(name = "{0} = {1} is refused")
    @CsvSource({ "anchor, yesterday", "period, weekly", "limitMonths, fiscal" })
    void badCycleSettingsAreNamedAndChangeNothing(String field, String value) {
        var account = Api.newAccount();
        asOperator().body(Map.of("billingCycle", Map.of("period", "yearly"))).patch("/v1/accounts/" + account)
                .then().statusCode(200);
        asOperator().body(Map.of("name", "Renamed", "billingCycle", Map.of(field, value)))
                .patch("/v1/accounts/" + account)
                .then().statusCode(400).body("field", equalTo("billingCycle." + field));
        asOperator().get("/v1/accounts/" + account).then().statusCode(200)
                .body("billingCycle.period", equalTo("yearly"))
                .body("name", equalTo("Account " + account));
    }

    @Test
    void officeAdminsAndServicesCannotSetTheCycle() {
        var account = Api.newAccount();
        var office = Api.accountKey(account, "office-admin", List.of("milan"));
        var service = Api.accountKey(account, "service", List.of());
        for (var key : List.of(office, service)) {
            as(key).body(Map.of("billingCycle", Map.of("period", "yearly"))).patch("/v1/accounts/" + account)
                    .then().statusCode(403);
        }
    }

    @Test
    void aGrantThatRefreshesIsAcceptedAndUsableInItsFirstCycle() {
        var account = Api.newAccount();
        asOperator().body(Map.of("idempotencyKey", "g-plan", "kind", "plan-allowance", "amount", "100",
                "effectiveFrom", "2026-01-01T00:00:00Z",
                "refresh", Map.of("period", "P1Y", "rollover", "CAPPED:5000000")))
                .post("/v1/accounts/" + account + "/grants")
                .then().statusCode(201);
        asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200)
                .body("lots[0].kind", equalTo("plan-allowance"));
    }

    @ParameterizedTest(name = "refresh period {0} is refused")
    @CsvSource({ "P1D", "P2W", "monthly" })
    void aRefreshPeriodIsWholeMonthsOrYears(String period) {
        var account = Api.newAccount();
        asOperator().body(Map.of("idempotencyKey", "g-" + period, "kind", "plan-allowance", "amount", "100",
                "refresh", Map.of("period", period, "rollover", "NONE")))
                .post("/v1/accounts/" + account + "/grants")
                .then().statusCode(400).body("field", equalTo("refresh.period"));
    }
}
