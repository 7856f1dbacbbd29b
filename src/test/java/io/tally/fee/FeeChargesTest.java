package io.tally.fee;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tally.Api;
import io.tally.Eventually;

/**
 * Recurring fees against the real ledger and PostgreSQL: every period since the fee's start is charged once, oldest
 * first, by sweeps racing as replicas would; each charge is a metered use (it may run into debt) with its own ledger
 * entry and usage record; a number rental counts the numbers; office admins see their sub-accounts' fees only.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeeChargesTest {
    @Inject
    Fees fees;
    @Inject
    Clock clock;

    private final String service = "FEE_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();

    /** The catalogue's fee service (defined again by each test: PUT is idempotent). */
    private void defineTheFeesService() {
        asOperator().body(Map.of("name", "Fees", "category", "other", "unit", "month"))
                .put("/v1/services/" + service).then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
    }

    @Test
    void everyMissedPeriodIsChargedOnceEvenBySweepsRacing() {
        var account = fundedAccount("6");
        var startsAt = clock.instant().minus(75, ChronoUnit.DAYS);
        putFee(account, "plan", Map.of("name", "Plan", "kind", "subscription", "amount", "1", "quantity", 2,
                "startsAt", startsAt.toString()));

        var now = clock.instant();
        Uni.combine().all().unis(fees.sweep(now), fees.sweep(now), fees.sweep(now)).discardItems().await()
                .atMost(Duration.ofSeconds(30));
        fees.sweep(now).await().atMost(Duration.ofSeconds(30));

        // Periods start at the account's anchor (its creation) and at the two monthly boundaries before it.
        var charges = asOperator().get("/v1/accounts/" + account + "/fees/plan/charges").then().statusCode(200)
                .extract().<List<Map<String, Object>>> path("charges");
        assertThat(charges).hasSize(3);
        assertThat(charges).allSatisfy(charge -> assertThat(charge).containsEntry("quantity", 2));
        assertThat(charges.stream().map(c -> (String) c.get("idempotencyKey")).distinct()).hasSize(3);
        assertThat(balance(account, "spent")).isEqualByComparingTo("6");
        assertThat(balance(account, "available")).isEqualByComparingTo("0");
        assertThat(asOperator().get("/v1/accounts/" + account + "/fees/plan").then().statusCode(200)
                .extract().<String> path("nextDue")).isNotNull();
        Eventually.await("3 usage records titled Plan", () -> asOperator().queryParam("service", service)
                .get("/v1/accounts/" + account + "/usage").then().statusCode(200).extract()
                .<List<Map<String, Object>>> path("items").stream()
                .filter(item -> "Plan".equals(item.get("title"))).count() == 3, Duration.ofSeconds(20));
    }

    @Test
    void aFeeIsMeteredAndMayTakeTheBalanceBelowZero() {
        var account = fundedAccount("1");
        putFee(account, "support", Map.of("name", "Support", "kind", "other", "amount", "2.5", "quantity", 1,
                "startsAt", clock.instant().minus(1, ChronoUnit.DAYS).toString()));

        fees.sweep(clock.instant()).await().atMost(Duration.ofSeconds(30));

        var charges = asOperator().get("/v1/accounts/" + account + "/fees/support/charges").then().statusCode(200)
                .extract().<List<Map<String, Object>>> path("charges");
        assertThat(charges).hasSize(1);
        assertThat(new BigDecimal(charges.get(0).get("debtIncurred").toString())).isEqualByComparingTo("1.5");
        assertThat(balance(account, "debt")).isEqualByComparingTo("1.5");
    }

    @Test
    void aNumberRentalCountsTheNumbersOfTheDirectory() {
        var account = fundedAccount("10");
        var suffix = String.format("%06d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 1_000_000));
        asOperator().body(Map.of("numbers", List.of(Map.of("number", "+39347" + suffix + "1"),
                Map.of("number", "+39347" + suffix + "2"),
                Map.of("number", "+39347" + suffix + "3"))))
                .put("/v1/accounts/" + account + "/numbers").then().statusCode(200);
        putFee(account, "numbers", Map.of("name", "Number rental", "kind", "number-rental", "amount", "0.5",
                "startsAt", clock.instant().minus(1, ChronoUnit.DAYS).toString()))
                .body("quantity", equalTo(null));

        fees.sweep(clock.instant()).await().atMost(Duration.ofSeconds(30));

        assertThat(asOperator().get("/v1/accounts/" + account + "/fees/numbers/charges").then().statusCode(200)
                .extract().<List<Integer>> path("charges.quantity")).containsExactly(3);
        assertThat(balance(account, "spent")).isEqualByComparingTo("1.5");
    }

    @Test
    void anEndedFeeChargesNoLaterPeriodAndAFeeStartingLaterIsNotDue() {
        var account = fundedAccount("10");
        putFee(account, "later", Map.of("name", "Later", "kind", "subscription", "amount", "1", "quantity", 1));
        putFee(account, "ended", Map.of("name", "Ended", "kind", "subscription", "amount", "1", "quantity", 1,
                "startsAt", clock.instant().minus(1, ChronoUnit.DAYS).toString()));
        asOperator().delete("/v1/accounts/" + account + "/fees/ended").then().statusCode(200);

        fees.sweep(clock.instant()).await().atMost(Duration.ofSeconds(30));

        // The ended fee's period started before it ended: it is charged; the other starts at the next boundary.
        assertThat(asOperator().get("/v1/accounts/" + account + "/fees/ended/charges").then().statusCode(200)
                .extract().<List<Object>> path("charges")).hasSize(1);
        assertThat(asOperator().get("/v1/accounts/" + account + "/fees/ended").then().extract()
                .<String> path("nextDue")).isNull();
        assertThat(asOperator().get("/v1/accounts/" + account + "/fees/later/charges").then().statusCode(200)
                .extract().<List<Object>> path("charges")).isEmpty();
        assertThat(Instant.parse(asOperator().get("/v1/accounts/" + account + "/fees/later").then().extract()
                .<String> path("nextDue"))).isAfter(clock.instant());
    }

    @Test
    void officeAdminsSeeTheFeesOfTheirSubAccountsOnly() {
        var account = fundedAccount("1");
        var office = Api.accountKey(account, "office-admin", List.of("rome"));
        var company = Api.accountKey(account, "company-admin", List.of());
        putFee(account, "rome-numbers", Map.of("name", "Rome numbers", "kind", "number-rental", "amount", "1",
                "subAccount", "rome"));
        putFee(account, "platform", Map.of("name", "Platform", "kind", "subscription", "amount", "1", "quantity", 1));

        assertThat(as(office).get("/v1/accounts/" + account + "/fees").then().statusCode(200).extract()
                .<List<String>> path("fees.id")).containsExactly("rome-numbers");
        as(office).get("/v1/accounts/" + account + "/fees/platform").then().statusCode(404);
        assertThat(as(company).get("/v1/accounts/" + account + "/fees").then().statusCode(200).extract()
                .<List<String>> path("fees.id")).containsExactly("platform", "rome-numbers");
        as(company).body(Map.of("name", "x", "kind", "other", "service", service, "amount", "1", "quantity", 1))
                .put("/v1/accounts/" + account + "/fees/mine").then().statusCode(403);
    }

    @Test
    void badTermsAreRefusedNamingTheField() {
        var account = fundedAccount("1");
        refused(account, Map.of("name", "x", "kind", "rent", "service", service, "amount", "1", "quantity", 1),
                "kind");
        refused(account, Map.of("name", "x", "kind", "subscription", "service", service, "amount", "1"), "quantity");
        refused(account, Map.of("name", "x", "kind", "other", "service", "NO_SUCH", "amount", "1", "quantity", 1),
                "service");
        refused(account, Map.of("name", "x", "kind", "other", "service", service, "amount", "0", "quantity", 1),
                "amount");
        refused(account, Map.of("name", "x", "kind", "other", "service", service, "amount", "1", "quantity", 1,
                "period", "P10D"), "period");
        refused(account, Map.of("name", "x", "kind", "other", "service", service, "amount", "1", "quantity", 1,
                "subAccount", "nowhere"), "subAccount");
        refused(account, Map.of("name", "x", "kind", "other", "service", service, "amount", "1000000000",
                "quantity", 1_000_000), "amount");
        asOperator().body(Map.of("name", "x", "kind", "other", "service", service, "amount", "1", "quantity", 1))
                .put("/v1/accounts/" + account + "/fees/Bad!").then().statusCode(400).body("field", equalTo("fee"));
        asOperator().get("/v1/accounts/" + account + "/fees").then().statusCode(200).body("fees.size()", equalTo(0));
    }

    private void refused(String account, Map<String, Object> body, String field) {
        asOperator().body(body).put("/v1/accounts/" + account + "/fees/f1").then().statusCode(400)
                .body("field", equalTo(field));
    }

    private io.restassured.response.ValidatableResponse putFee(String account, String id, Map<String, Object> terms) {
        var body = new HashMap<>(terms);
        body.put("service", service);
        return asOperator().body(body).put("/v1/accounts/" + account + "/fees/" + id).then().statusCode(200);
    }

    private String fundedAccount(String credits) {
        defineTheFeesService();
        var account = Api.newAccount();
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "universal", "amount", credits))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        return account;
    }

    private static BigDecimal balance(String account, String field) {
        return new BigDecimal(asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200)
                .extract().path(field).toString());
    }
}
