package io.tally.webhook;

import static io.tally.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tally.Api;
import io.tally.Eventually;
import io.tally.platform.RedisPipes;

/** Alerts appended to the alert streams reach webhook receivers, signed, retried, at least once. */
@QuarkusTest
class WebhookDeliveryTest {
    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    private final ObjectMapper json = new ObjectMapper();
    private Receiver receiver;
    private Alerts alerts;
    private String account;
    private String admin;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new Receiver();
        alerts = new Alerts(redis, partitions);
        account = Api.newAccount();
        admin = Api.accountKey(account, "company-admin", List.of());
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    private JsonPath createEndpoint(Map<String, Object> body) {
        return as(admin).body(body).post("/v1/accounts/" + account + "/webhook-endpoints")
                .then().statusCode(201).extract().jsonPath();
    }

    private JsonPath createEndpoint(String path) {
        return createEndpoint(Map.of("url", receiver.url(path)));
    }

    private List<Map<String, Object>> deliveries(String endpoint) {
        return as(admin).get("/v1/accounts/" + account + "/webhook-endpoints/" + endpoint + "/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private void awaitRequests(int count, Duration timeout) {
        Eventually.await(count + " requests at the receiver", () -> receiver.received().size() >= count, timeout);
    }

    @Test
    void anAlertArrivesSignedAsStandardWebhooksSays() throws Exception {
        var endpoint = createEndpoint("/hooks/tally");
        var secret = endpoint.getString("secret");
        assertThat(secret).startsWith("whsec_");

        var alert = alerts.fire(account, "low-balance");
        awaitRequests(1, Duration.ofSeconds(10));

        var request = receiver.received().get(0);
        assertThat(request.path()).isEqualTo("/hooks/tally");
        assertThat(request.header("webhook-id")).isEqualTo(alert);
        assertThat(request.header("content-type")).startsWith("application/json");
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertThat(Math.abs(timestamp - Instant.now().getEpochSecond())).isLessThan(30);
        assertThat(StandardWebhooksVerifier.verifies(secret, alert, request.header("webhook-timestamp"),
                request.body(), request.header("webhook-signature"))).isTrue();
        assertThat(StandardWebhooksVerifier.verifies("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", alert,
                request.header("webhook-timestamp"), request.body(), request.header("webhook-signature"))).isFalse();

        var body = json.readTree(request.body());
        assertThat(body.path("type").asText()).isEqualTo("low-balance");
        assertThat(body.path("data").path("id").asText()).isEqualTo(alert);
        assertThat(body.path("data").path("account").asText()).isEqualTo(account);
        assertThat(body.path("data").path("state").asText()).isEqualTo("firing");
        assertThat(body.path("data").path("values").path("threshold").asText()).isEqualTo("10");

        Eventually.await("the delivery logged", () -> "delivered".equals(
                deliveries(endpoint.getString("id")).get(0).get("state")));
        var log = deliveries(endpoint.getString("id")).get(0);
        assertThat(log.get("alert")).isEqualTo(alert);
        assertThat(log.get("attempts")).isEqualTo(1);
        assertThat((List<?>) log.get("log")).hasSize(1);
        Eventually.await("the stream entry acknowledged", () -> alerts.pending(account) == 0);
    }

    @Test
    void aReceiverAnswering500ThreeTimesGetsTheAlertOnceItRecovers() {
        receiver.answer(500).answer(500).answer(500);
        var endpoint = createEndpoint("/flaky");

        var alert = alerts.fire(account, "recharge");
        awaitRequests(4, Duration.ofSeconds(15));

        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsOnly(alert);
        Eventually.await("the delivery delivered", () -> "delivered".equals(
                deliveries(endpoint.getString("id")).get(0).get("state")));
        var delivery = deliveries(endpoint.getString("id")).get(0);
        assertThat(delivery.get("attempts")).isEqualTo(4);
        assertThat(log(delivery)).extracting(a -> a.get("status"))
                .containsExactly(500, 500, 500, 200);
        // no further attempt once delivered
        sleep(Duration.ofSeconds(1));
        assertThat(receiver.received()).hasSize(4);
    }

    @Test
    void retryAfterIsHonoured() {
        receiver.answer(503, Map.of("Retry-After", "2"));
        createEndpoint("/busy");

        alerts.fire(account, "recharge");
        awaitRequests(2, Duration.ofSeconds(15));

        long gap = receiver.received().get(1).atNanos() - receiver.received().get(0).atNanos();
        assertThat(Duration.ofNanos(gap)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void a410DisablesTheEndpointAndNothingMoreIsSentToIt() {
        receiver.answer(410);
        var endpoint = createEndpoint("/gone");
        var id = endpoint.getString("id");

        alerts.fire(account, "low-balance");
        awaitRequests(1, Duration.ofSeconds(10));
        Eventually.await("the endpoint disabled", () -> !as(admin)
                .get("/v1/accounts/" + account + "/webhook-endpoints/" + id).then().statusCode(200).extract()
                .jsonPath().getBoolean("enabled"));

        alerts.fire(account, "low-balance");
        sleep(Duration.ofSeconds(1));
        assertThat(receiver.received()).hasSize(1);
        assertThat(deliveries(id)).singleElement().satisfies(d -> assertThat(d.get("state")).isEqualTo("failed"));

        as(admin).body(Map.of("enabled", true)).patch("/v1/accounts/" + account + "/webhook-endpoints/" + id)
                .then().statusCode(200).body("enabled", equalTo(true));
        alerts.fire(account, "low-balance");
        awaitRequests(2, Duration.ofSeconds(10));
    }

    @Test
    void anAlertADeadConsumerTookIsClaimedAndDelivered() {
        createEndpoint("/claimed");

        var alert = alerts.fireReadByDeadConsumer(account, "negative-balance");
        assertThat(alerts.pending(account)).isGreaterThanOrEqualTo(1);

        awaitRequests(1, Duration.ofSeconds(15));
        assertThat(receiver.received().get(0).header("webhook-id")).isEqualTo(alert);
        Eventually.await("the claimed entry acknowledged", () -> alerts.pending(account) == 0);
    }

    @Test
    void onlyTheTypesAnEndpointAskedForAreSentToIt() {
        createEndpoint(Map.of("url", receiver.url("/only-recharge"), "types", List.of("recharge")));

        alerts.fire(account, "low-balance");
        var wanted = alerts.fire(account, "recharge");
        awaitRequests(1, Duration.ofSeconds(10));
        sleep(Duration.ofMillis(800));

        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(wanted);
    }

    @Test
    void redirectsAreNotFollowed() {
        receiver.answer(302, Map.of("Location", receiver.url("/elsewhere")));
        var endpoint = createEndpoint("/moved");

        alerts.fire(account, "low-balance");
        awaitRequests(2, Duration.ofSeconds(10));

        assertThat(receiver.received()).extracting(Receiver.Received::path).containsOnly("/moved");
        Eventually.await("the redirect logged as a failed attempt", () -> {
            var log = log(deliveries(endpoint.getString("id")).get(0));
            return !log.isEmpty() && Integer.valueOf(302).equals(log.get(0).get("status"));
        });
    }

    @Test
    void aRotatedSecretSignsBesideThePreviousOneDuringTheWindow() {
        var endpoint = createEndpoint("/rotating");
        var old = endpoint.getString("secret");
        var rotated = as(admin).post("/v1/accounts/" + account + "/webhook-endpoints/" + endpoint.getString("id")
                + "/rotate-secret").then().statusCode(200).extract().jsonPath();
        var fresh = rotated.getString("secret");
        assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
        assertThat(rotated.getString("previousValidUntil")).isNotNull();

        var alert = alerts.fire(account, "low-balance");
        awaitRequests(1, Duration.ofSeconds(10));

        var request = receiver.received().get(0);
        var signatures = request.header("webhook-signature");
        assertThat(signatures.split(" ")).hasSize(2);
        assertThat(StandardWebhooksVerifier.verifies(fresh, alert, request.header("webhook-timestamp"),
                request.body(), signatures)).isTrue();
        assertThat(StandardWebhooksVerifier.verifies(old, alert, request.header("webhook-timestamp"),
                request.body(), signatures)).isTrue();
    }

    @Test
    void aDeliveryCanBeSentAgainByHand() {
        var endpoint = createEndpoint("/again");
        var id = endpoint.getString("id");
        var alert = alerts.fire(account, "low-balance");
        awaitRequests(1, Duration.ofSeconds(10));
        Eventually.await("delivered", () -> "delivered".equals(deliveries(id).get(0).get("state")));
        var delivery = (String) deliveries(id).get(0).get("id");

        as(admin).post("/v1/accounts/" + account + "/webhook-endpoints/" + id + "/deliveries/" + delivery
                + "/redeliver").then().statusCode(202).body("id", equalTo(delivery));
        awaitRequests(2, Duration.ofSeconds(10));

        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(alert, alert);
        Eventually.await("both attempts logged", () -> ((List<?>) deliveries(id).get(0).get("log")).size() == 2);
        as(admin).post("/v1/accounts/" + account + "/webhook-endpoints/" + id + "/deliveries/wd_none/redeliver")
                .then().statusCode(404);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> log(Map<String, Object> delivery) {
        return (List<Map<String, Object>>) delivery.get("log");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
