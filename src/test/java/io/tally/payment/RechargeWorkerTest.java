package io.tally.payment;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.tally.Api;
import io.tally.Eventually;
import io.tally.ledger.LedgerKeys;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** The auto-recharge worker against a real local HTTP payment API. */
@QuarkusTest
@TestProfile(HttpProviderProfile.class)
class RechargeWorkerTest {
    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void fiftyConcurrentReservationsCrossingTheThresholdMakeOneCharge() throws Exception {
        var account = account("60", "pm_ok");
        var pool = Executors.newFixedThreadPool(50);
        try {
            var calls = new ArrayList<Callable<Integer>>();
            for (int i = 0; i < 50; i++) {
                var key = "m-" + i;
                calls.add(() -> reserve(account, key));
            }
            for (var status : pool.invokeAll(calls)) {
                assertThat(status.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdown();
        }

        Eventually.await("one recharge lot", () -> rechargeLots(account).size() == 1);
        Eventually.await("the recharge ended", () -> recharge(account) == null);
        Thread.sleep(500);
        assertThat(stats(account)).as("requests and charges at the provider").isEqualTo("1 1");
        assertThat(rechargeLots(account)).hasSize(1);
        assertThat(balance(account).getString("available")).isEqualTo("110");
    }

    @Test
    void aProviderThatTimesOutAfterChargingIsAskedAgainWithTheSameKeyAndChargesOnce() throws Exception {
        var account = account("21", "pm_slow_once");

        reserve(account, "m-1");
        reserve(account, "m-2");

        Eventually.await("one recharge lot", () -> rechargeLots(account).size() == 1, Duration.ofSeconds(20));
        Thread.sleep(3_500);
        assertThat(stats(account)).as("two requests, one charge").isEqualTo("2 1");
        assertThat(rechargeLots(account)).hasSize(1);
    }

    @Test
    void aDeclinedPaymentFailsAfterItsRetriesAndGrantsNothingUntilCreditsArrive() throws Exception {
        var account = account("21", "pm_decline");

        reserve(account, "m-1");
        reserve(account, "m-2");

        Eventually.await("failed", () -> recharge(account) != null && recharge(account).startsWith("FAILED|"));
        var failed = recharge(account);
        assertThat(stats(account)).as("three attempts, no charge").isEqualTo("3 0");
        reserve(account, "m-3");
        assertThat(recharge(account)).as("no new recharge while failed").isEqualTo(failed);
        assertThat(rechargeLots(account)).isEmpty();

        asOperator().body(Map.of("idempotencyKey", "g-more", "kind", "package", "amount", "1"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        reserve(account, "m-4");
        Eventually.await("a new recharge after credits arrived", () -> recharge(account) == null
                || !recharge(account).equals(failed));
        Eventually.await("it failed again", () -> stats(account).equals("6 0"));
    }

    /** An account priced 1 credit an SMS with {@code credits}, recharging 100 below 20 through {@code method}. */
    private static String account(String credits, String method) {
        var account = Api.newAccount();
        asOperator().body(Map.of("rates", List.of(Map.of("service", "SMS", "direction", "outbound", "country", "*",
                "rate", "1")))).put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", credits))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        asOperator().body(Map.of("threshold", "20", "amount", "100", "paymentMethod", method))
                .put("/v1/accounts/" + account + "/auto-recharge").then().statusCode(200);
        return account;
    }

    private static int reserve(String account, String key) {
        return asOperator().body(Map.of("idempotencyKey", key, "account", account, "service", "sms",
                "to", "+393471234567", "text", "hi")).post("/v1/reservations").statusCode();
    }

    private static JsonPath balance(String account) {
        return asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> rechargeLots(String account) {
        List<Map<String, Object>> lots = balance(account).getList("lots");
        return lots.stream().filter(lot -> "auto-recharge".equals(lot.get("kind"))).toList();
    }

    private String recharge(String account) {
        var value = redis.send(Request.cmd(Command.GET).arg(new LedgerKeys(partitions).recharge(account)))
                .await().atMost(Duration.ofSeconds(10));
        return value == null ? null : value.toString();
    }

    private static String stats(String account) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + FakePaymentApi.port() + "/stats/" + account)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
