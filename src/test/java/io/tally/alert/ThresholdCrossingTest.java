package io.tally.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Thresholds fire exactly once per crossing, in the script of the movement that crosses them, and resolve once. */
@QuarkusTest
class ThresholdCrossingTest {
    @TestHTTPResource("/v1/reservations")
    URI reservations;

    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void twoHundredConcurrentReservationsCrossingALowBalanceFireOnceAndAGrantResolvesItOnce() throws Exception {
        var alerts = Alerts.priced().grant("package", "300");
        var rule = alerts.rule(Map.of("type", "low-balance", "threshold", "150.5"));
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        alerts.reserve("warm-up");
        var statuses = new ArrayList<CompletableFuture<Integer>>();
        for (int i = 0; i < 200; i++) {
            var body = "{\"idempotencyKey\":\"m-" + i + "\",\"account\":\"" + alerts.account
                    + "\",\"service\":\"sms\",\"to\":\"+393471234567\",\"text\":\"hello " + i + "\"}";
            statuses.add(send(client, body));
        }
        CompletableFuture.allOf(statuses.toArray(CompletableFuture[]::new)).get();
        assertThat(statuses).allSatisfy(status -> assertThat(status.join()).isEqualTo(201));

        var fired = alerts.stream(redis, partitions);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0)).containsEntry("type", "low-balance").containsEntry("state", "firing")
                .containsEntry("rule", rule).containsEntry("sub", "")
                .containsEntry("values", "{\"threshold\":\"150.5\",\"value\":\"150\"}");
        assertThat(fired.get(0).get("id")).endsWith(":" + rule);
        assertThat(Long.parseLong(fired.get(0).get("at_ms"))).isPositive();

        alerts.grant("package", "51.5");
        assertThat(alerts.stream(redis, partitions)).as("99 + 51.5: 150.5 is not below 150.5").hasSize(2).last()
                .satisfies(resolved -> assertThat(resolved).containsEntry("state", "resolved")
                        .containsEntry("values", "{\"threshold\":\"150.5\",\"value\":\"150.5\"}"));
    }

    /** A 503 (Redis slow on a loaded machine) is retried with the same key, as a client would: it answers once. */
    private CompletableFuture<Integer> send(HttpClient client, String body) {
        return client.sendAsync(HttpRequest.newBuilder(reservations)
                .header("Authorization", "Bearer " + Api.OPERATOR_KEY)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode)
                .thenCompose(status -> status == 503 ? send(client, body) : CompletableFuture.completedFuture(status));
    }

    @Test
    void aThresholdStaysFiringWhileCrossedAndAReleaseResolvesIt() {
        var alerts = Alerts.priced().grant("package", "10");
        alerts.rule(Map.of("type", "low-balance", "threshold", "9"));
        alerts.reserve("a-1");
        var second = alerts.reserveId("a-2");
        alerts.reserve("a-3");
        assertThat(alerts.stream(redis, partitions)).extracting(entry -> entry.get("state"))
                .containsExactly("firing");

        Api.asOperator().post("/v1/reservations/" + second + "/release").then().statusCode(200);
        Api.asOperator().post("/v1/reservations/" + second + "/release").then().statusCode(200);

        assertThat(alerts.stream(redis, partitions)).as("8 available, still below 9")
                .extracting(entry -> entry.get("state")).containsExactly("firing");
    }

    /**
     * Account-wide low-balance rules are judged by their band (_lib.lua, BAND_MARK): movements inside it read no rule,
     * each threshold still fires and resolves once, and a rule added while its threshold is crossed fires at the next
     * movement although that movement stays inside the band written before it.
     */
    @Test
    void bandedLowBalanceRulesFireAndResolveEachThresholdOnce() {
        var alerts = Alerts.priced().grant("package", "10");
        var eight = alerts.rule(Map.of("type", "low-balance", "threshold", "8"));
        var five = alerts.rule(Map.of("type", "low-balance", "threshold", "5"));
        var ids = new ArrayList<String>();
        for (int i = 1; i <= 6; i++) {
            ids.add(alerts.reserveId("b-" + i));
        }
        assertThat(rulesText(alerts)).as("the band of 4 available: below 5").startsWith("#|5000000\n");
        var hundred = alerts.rule(Map.of("type", "low-balance", "threshold", "100"));
        assertThat(rulesText(alerts)).as("rules written anew: no band").doesNotStartWith("#");
        ids.add(alerts.reserveId("b-7"));
        for (int i = ids.size() - 1; i >= 2; i--) {
            Api.asOperator().post("/v1/reservations/" + ids.get(i) + "/release").then().statusCode(200);
        }

        assertThat(alerts.stream(redis, partitions)).extracting(e -> e.get("rule") + " " + e.get("state"))
                .containsExactly(eight + " firing", five + " firing", hundred + " firing", five + " resolved",
                        eight + " resolved");
        assertThat(rulesText(alerts)).as("8 available: between 8 and 100").startsWith("#8000000|100000000\n");

        alerts.rule(Map.of("type", "negative-balance"));
        alerts.reserve("b-8");
        assertThat(rulesText(alerts)).as("a rule other than account-wide low balance: no band").doesNotStartWith("#");
        assertThat(alerts.stream(redis, partitions)).extracting(e -> e.get("rule") + " " + e.get("state"))
                .as("7 available: 8 fires again").endsWith(eight + " firing");
    }

    private String rulesText(Alerts alerts) {
        var text = redis.send(Request.cmd(Command.GET).arg(new AlertKeys(partitions).rules(alerts.account)))
                .await().atMost(Duration.ofSeconds(10));
        return text == null ? "" : text.toString();
    }

    @Test
    void inboundUseIntoDebtFiresNegativeBalanceAndAGrantResolvesIt() {
        var alerts = Alerts.priced().grant("package", "1");
        var rule = alerts.rule(Map.of("type", "negative-balance"));
        for (var key : List.of("u-1", "u-2", "u-3")) {
            Api.asOperator().body(Map.of("idempotencyKey", key, "account", alerts.account, "service", "sms",
                    "direction", "inbound", "from", "+393471234567", "text", "hi"))
                    .post("/v1/usage").then().statusCode(201);
        }
        alerts.grant("package", "5");

        assertThat(alerts.stream(redis, partitions)).extracting(e -> e.get("state") + " " + e.get("values"))
                .containsExactly("firing {\"threshold\":\"0\",\"debt\":\"1\",\"value\":\"-1\"}",
                        "resolved {\"threshold\":\"0\",\"debt\":\"0\",\"value\":\"3\"}");
        assertThat(alerts.stream(redis, partitions)).allSatisfy(e -> assertThat(e).containsEntry("rule", rule));
    }

    @Test
    void aSubAccountPassingAPercentOfItsMonthlyLimitOrRefusedForItFires() {
        var alerts = Alerts.priced().grant("package", "100");
        Api.asOperator().body(Map.of("id", "milan", "name", "Milan", "monthlyLimit", "4"))
                .post("/v1/accounts/" + alerts.account + "/sub-accounts").then().statusCode(201);
        var half = alerts.rule(Map.of("type", "limit-reached", "subAccount", "milan", "percent", 50));
        var full = alerts.rule(Map.of("type", "limit-reached", "subAccount", "milan"));
        for (int i = 0; i < 5; i++) {
            var body = new java.util.HashMap<>(alerts.sms("s-" + i));
            body.put("subAccount", "milan");
            Api.asOperator().body(body).post("/v1/reservations");
        }

        assertThat(alerts.stream(redis, partitions)).extracting(e -> e.get("rule") + " " + e.get("state"))
                .containsExactly(half + " firing", full + " firing");
        assertThat(alerts.stream(redis, partitions).get(1).get("values")).contains("\"value\":\"4\"");
    }

    @Test
    void aPlanAllowancePassingAPercentOfItsGrantFiresOncePerLot() {
        var alerts = Alerts.priced().grant("plan-allowance", "4");
        var rule = alerts.rule(Map.of("type", "allowance-used", "percent", 50));
        alerts.reserve("p-1");
        alerts.reserve("p-2");
        alerts.reserve("p-3");

        var fired = alerts.stream(redis, partitions);
        assertThat(fired).hasSize(1);
        assertThat(fired.get(0)).containsEntry("rule", rule).containsEntry("state", "firing");
        assertThat(fired.get(0).get("values")).contains("\"granted\":\"4\"", "\"value\":\"2\"");
    }
}
