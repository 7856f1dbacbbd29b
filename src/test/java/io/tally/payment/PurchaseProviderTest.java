package io.tally.payment;

import static io.tally.Api.as;
import static io.tally.payment.PackageCatalogueTest.createPackage;
import static io.tally.payment.PurchaseTest.balance;
import static io.tally.payment.PurchaseTest.payments;
import static io.tally.payment.PurchaseTest.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.tally.Api;

/** Purchases through a real local HTTP payment API: nothing granted unless paid, one charge per key. */
@QuarkusTest
@TestProfile(HttpProviderProfile.class)
class PurchaseProviderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    PurchaseResolver resolver;

    @Test
    void aProviderThatTimesOutAfterChargingIsRetriedWithTheSameKeyAndChargesOnce() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        var pkg = createPackage("200", 1900);
        var path = "/v1/accounts/" + account + "/purchases";

        as(admin).body(purchase("slow-1", pkg, "pm_slow_once")).post(path)
                .then().statusCode(503).body("type", equalTo("https://tally.io/problems/payment-unknown"));
        assertThat(balance(account).getList("lots")).as("nothing granted while the outcome is unknown").isEmpty();
        assertThat(payments(account)).singleElement().satisfies(p -> assertThat(p).containsEntry("status", "pending"));

        var lot = buy(admin, path, purchase("slow-1", pkg, "pm_slow_once"))
                .then().statusCode(201).body("status", equalTo("succeeded")).extract().<String> path("lot");
        as(admin).body(purchase("slow-1", pkg, "pm_slow_once")).post(path)
                .then().statusCode(201).body("replayed", equalTo(true));

        assertThat(charges(account)).as("one charge").isEqualTo(1);
        assertThat(requests(account)).as("asked again").isGreaterThanOrEqualTo(2);
        assertThat(balance(account).getList("lots.id")).containsExactly(lot);
        assertThat(payments(account)).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("status", "succeeded").containsEntry("lot", lot)
                .containsEntry("reference", "pi_" + p.get("id")));
    }

    @Test
    void aPurchaseLeftPendingByItsClientIsResolvedOnceByTheResolver() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        var pkg = createPackage("200", 1900);
        var path = "/v1/accounts/" + account + "/purchases";
        as(admin).body(purchase("left-1", pkg, "pm_slow_once")).post(path).then().statusCode(503);
        assertThat(payments(account)).singleElement().satisfies(p -> assertThat(p).containsEntry("status", "pending"));

        int asked = requests(account);
        resolver.resolveUntouchedSince(Instant.now().minusSeconds(3600)).await().atMost(TIMEOUT);
        assertThat(requests(account)).as("a purchase untouched for less than the lease is left to its client")
                .isEqualTo(asked);
        // two replicas' passes at once, then more (the provider may miss its 1 s timeout on this shared machine)
        Uni.join().all(resolver.resolveUntouchedSince(Instant.now().plusSeconds(1)),
                resolver.resolveUntouchedSince(Instant.now().plusSeconds(1))).andFailFast().await().atMost(TIMEOUT);
        for (int i = 0; i < 5 && "pending".equals(payments(account).get(0).get("status")); i++) {
            resolver.resolveUntouchedSince(Instant.now().plusSeconds(1)).await().atMost(TIMEOUT);
        }
        resolver.resolveUntouchedSince(Instant.now().plusSeconds(1)).await().atMost(TIMEOUT);

        assertThat(requests(account)).as("the provider asked again, same key").isGreaterThan(asked);
        assertThat(charges(account)).as("one charge").isEqualTo(1);
        var lots = balance(account).getList("lots.id");
        assertThat(lots).as("one lot").hasSize(1);
        assertThat(payments(account)).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("status", "succeeded").containsEntry("lot", lots.get(0)));
        as(admin).body(purchase("left-1", pkg, "pm_slow_once")).post(path)
                .then().statusCode(201).body("replayed", equalTo(true)).body("lot", equalTo(lots.get(0)));
        assertThat(balance(account).getString("granted")).isEqualTo("200");
    }

    @Test
    void aPurchaseLeftPendingThatTheProviderDeclinesIsFailedAndGrantsNothing() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        var pkg = createPackage("200", 1900);
        as(admin).body(purchase("left-2", pkg, "pm_slow_decline")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(503);

        for (int i = 0; i < 5 && "pending".equals(payments(account).get(0).get("status")); i++) {
            resolver.resolveUntouchedSince(Instant.now().plusSeconds(1)).await().atMost(TIMEOUT);
        }
        int asked = requests(account);
        resolver.resolveUntouchedSince(Instant.now().plusSeconds(1)).await().atMost(TIMEOUT);

        assertThat(requests(account)).as("a failed purchase is not asked again").isEqualTo(asked);
        assertThat(charges(account)).isZero();
        assertThat(balance(account).getList("lots")).isEmpty();
        assertThat(payments(account)).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("status", "failed").containsEntry("failure", "Your card was declined."));
    }

    @Test
    void aDeclinedPaymentGrantsNothingAndItsRetryIsNotCharged() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        var pkg = createPackage("200", 1900);
        var path = "/v1/accounts/" + account + "/purchases";

        buy(admin, path, purchase("no-1", pkg, "pm_decline"))
                .then().statusCode(402).body("field", equalTo("paymentMethod"));
        int asked = requests(account);
        as(admin).body(purchase("no-1", pkg, "pm_decline")).post(path).then().statusCode(402);

        assertThat(requests(account)).as("a declined payment is not asked again").isEqualTo(asked);
        assertThat(charges(account)).isZero();
        assertThat(balance(account).getList("lots")).isEmpty();
        assertThat(balance(account).getString("granted")).isEqualTo("0");
        assertThat(payments(account)).singleElement().satisfies(p -> assertThat(p)
                .containsEntry("status", "failed").containsEntry("failure", "Your card was declined.")
                .doesNotContainKey("lot"));
    }

    @Test
    void aPaidPurchaseIsGrantedAtOnce() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());

        buy(admin, "/v1/accounts/" + account + "/purchases", purchase("ok-1", createPackage("50", 500), "pm_ok"))
                .then().statusCode(201).body("provider", equalTo("http"));

        assertThat(charges(account)).isEqualTo(1);
        assertThat(balance(account).getString("granted")).isEqualTo("50");
    }

    /**
     * The purchase, sent again with the same key while it answers 503 (the outcome unknown: on this shared machine
     * even a quick provider can miss the 1 s timeout), as a client is told to.
     */
    private static Response buy(String key, String path, Map<String, Object> body) {
        for (int i = 0; i < 5; i++) {
            var response = as(key).body(body).post(path);
            if (response.statusCode() != 503) {
                return response;
            }
        }
        throw new AssertionError("still unknown after 5 attempts");
    }

    private static int requests(String account) {
        return Integer.parseInt(stats(account).split(" ")[0]);
    }

    private static int charges(String account) {
        return Integer.parseInt(stats(account).split(" ")[1]);
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
