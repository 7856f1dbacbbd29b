package io.tally.history;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.Eventually;

/** What the API did, written by the usage writer, read back through the history endpoints with their filters. */
@QuarkusTest
class UsageHistoryEndToEndTest {

    @Test
    void reservationsAndMeteredUsesAreListedAsTheWriterStoredThem() {
        var account = pricedAccount();
        String reservation = asOperator().body(Map.of("idempotencyKey", "m-1", "account", account, "service", "sms",
                "to", "+393471234567", "text", "hello", "product", "otp",
                "metadata", Map.of("campaign", "spring")))
                .post("/v1/reservations").then().statusCode(201).extract().path("reservationId");
        asOperator().post("/v1/reservations/" + reservation + "/commit").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "in-1", "account", account, "service", "sms",
                "direction", "inbound", "from", "+390212345678", "text", "ciao")).post("/v1/usage")
                .then().statusCode(201);

        Eventually.await("4 ledger entries and 2 usage records", () -> count(account, "ledger") == 4
                && count(account, "usage") == 2, Duration.ofSeconds(20));

        var outbound = asOperator().queryParam("direction", "outbound").queryParam("service", "sms")
                .queryParam("product", "otp").queryParam("status", "committed").queryParam("country", "IT")
                .get("/v1/accounts/" + account + "/usage").then().statusCode(200).extract();
        assertThat(outbound.<List<String>> path("items.id")).containsExactly(reservation);
        assertThat(outbound.<String> path("items[0].metadata.campaign")).isEqualTo("spring");
        assertThat(outbound.asString()).contains("\"cost\":0.045,", "\"credits\":0.045,");
        assertThat(asOperator().queryParam("direction", "inbound").get("/v1/accounts/" + account + "/usage")
                .then().statusCode(200).extract().<List<String>> path("items.kind")).containsExactly("meter");

        var detail = asOperator().get("/v1/accounts/" + account + "/usage/" + reservation).then().statusCode(200)
                .extract();
        assertThat(detail.<String> path("details.unit")).isEqualTo("segment");
        assertThat(detail.<Integer> path("details.quantity")).isEqualTo(1);
        assertThat(detail.<String> path("details.rateUnit")).isEqualTo("segment");
        assertThat(detail.<String> path("details.encoding")).isEqualTo("GSM-7");
        assertThat(detail.<List<String>> path("wallets.kind")).containsExactly("package");
        assertThat(detail.asString()).contains("\"wallets\":[{\"lot\":", "\"kind\":\"package\",\"credits\":0.045}]");
        assertThat(asOperator().queryParam("reservation", reservation).get("/v1/accounts/" + account + "/ledger")
                .then().statusCode(200).extract().<List<String>> path("items.type"))
                .containsExactlyInAnyOrder("reserve", "commit");
    }

    @Test
    void oneRecordComesWithTheLedgerEntriesBehindIt() {
        var account = pricedAccount();
        String reservation = asOperator().body(Map.of("idempotencyKey", "m-1", "account", account, "service", "sms",
                "to", "+393471234567", "text", "hello"))
                .post("/v1/reservations").then().statusCode(201).extract().path("reservationId");
        asOperator().post("/v1/reservations/" + reservation + "/release").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "in-1", "account", account, "service", "sms",
                "direction", "inbound", "from", "+390212345678", "text", "ciao")).post("/v1/usage")
                .then().statusCode(201);
        Eventually.await("4 ledger entries", () -> count(account, "ledger") == 4, Duration.ofSeconds(20));

        var held = asOperator().get("/v1/accounts/" + account + "/usage/" + reservation).then().statusCode(200)
                .extract();
        assertThat(held.<String> path("record.id")).isEqualTo(reservation);
        assertThat(held.<String> path("record.status")).isEqualTo("released");
        assertThat(held.<List<String>> path("entries.type")).containsExactly("reserve", "release");
        assertThat(held.<List<String>> path("entries.reservation")).containsOnly(reservation);

        var records = asOperator().queryParam("direction", "inbound").get("/v1/accounts/" + account + "/usage")
                .then().statusCode(200).extract().<List<String>> path("items.id");
        assertThat(records).hasSize(1);
        assertThat(asOperator().get("/v1/accounts/" + account + "/usage/" + records.get(0)).then().statusCode(200)
                .extract().<List<String>> path("entries.type")).containsExactly("meter");

        asOperator().get("/v1/accounts/" + account + "/usage/r.nobody.x").then().statusCode(404)
                .contentType("application/problem+json");
        asOperator().get("/v1/accounts/" + account + "/usage/" + "x".repeat(201)).then().statusCode(400)
                .contentType("application/problem+json");
    }

    /** A new account with SMS rates (outbound 0.045, inbound 0.01) and a package of 10 credits. */
    private static String pricedAccount() {
        var account = Api.newAccount();
        asOperator().body(Map.of("rates", List.of(
                Map.of("service", "SMS", "direction", "outbound", "country", "*", "rate", "0.045"),
                Map.of("service", "SMS", "direction", "inbound", "country", "*", "rate", "0.01"))))
                .put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", "10"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        return account;
    }

    private static int count(String account, String listing) {
        return asOperator().get("/v1/accounts/" + account + "/" + listing).then().statusCode(200)
                .extract().<List<Object>> path("items").size();
    }
}
