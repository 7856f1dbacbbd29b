package io.tally.carrier;

import static io.restassured.RestAssured.given;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tally.Api;

/**
 * Carriers' webhooks over HTTP: connections, the number directory, inbound messages metered once on the account
 * owning the To number, and refusals that change nothing. The signed URL is the configured public URL
 * ({@code https://tally.test} in tests) although the requests reach a local port.
 */
@QuarkusTest
class CarrierWebhookTest {
    private static final String PUBLIC = "https://tally.test";
    private static final String HANDSET = "+393471234567";

    private static String pricedAccount() {
        var account = Api.newAccount();
        asOperator().body(Map.of("rates", List.of(Map.of("service", "SMS", "direction", "inbound", "country", "*",
                "rate", "1")))).put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "package", "amount", "10"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        return account;
    }

    private static String number() {
        return "+1312555" + String.format("%04d", (int) (Math.random() * 10_000));
    }

    private static void assign(String account, String... numbers) {
        asOperator().body(Map.of("numbers", java.util.Arrays.stream(numbers).map(n -> Map.of("number", n)).toList()))
                .put("/v1/accounts/" + account + "/numbers").then().statusCode(200);
    }

    private static String available(String account) {
        return asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200).extract()
                .jsonPath().getString("available");
    }

    private static Map<String, Object> connect(String account, Map<String, Object> body) {
        return asOperator().body(body).post("/v1/accounts/" + account + "/carrier-connections")
                .then().statusCode(201).extract().jsonPath().getMap("$");
    }

    private static String path(String url) {
        return url.substring(PUBLIC.length());
    }

    private static Response twilio(String url, String token, Map<String, String> params) {
        var signature = TwilioSignature.sign(token, url, Webhook.form(Requests.form(params)));
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Twilio-Signature", signature)
                .body(Requests.form(params))
                .post(path(url));
    }

    private static Map<String, String> sms(String id, String to, String text) {
        var params = new LinkedHashMap<String, String>();
        params.put("MessageSid", id);
        params.put("AccountSid", "AC123");
        params.put("From", HANDSET);
        params.put("To", to);
        params.put("Body", text);
        params.put("NumSegments", "1");
        return params;
    }

    @Test
    void aTwilioInboundMessageIsMeteredOnceOnTheNumbersAccountAndAnsweredWithEmptyTwiml() {
        var account = pricedAccount();
        var to = number();
        assign(account, to);
        var connection = connect(account, Map.of("carrier", "twilio", "authTokens", List.of("old-token", "tok-1")));
        var inbound = (String) connection.get("inboundUrl");
        assertThat(inbound).startsWith(PUBLIC + "/v1/carriers/twilio/").endsWith("/inbound");
        assertThat((String) connection.get("statusUrl")).isEqualTo(inbound.replace("/inbound", "/status"));
        assertThat(connection).doesNotContainKeys("authToken", "authTokens");

        var params = sms("SM" + UUID.randomUUID().toString().replace("-", ""), to, "Tab\there");
        twilio(inbound, "tok-1", params).then().statusCode(200)
                .contentType(startsWith("application/xml"))
                .body(equalTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>"));
        assertThat(available(account)).isEqualTo("9");
        // The carrier retries: answered again, metered once.
        twilio(inbound, "tok-1", params).then().statusCode(200);
        assertThat(available(account)).isEqualTo("9");
    }

    @Test
    void aRefusedWebhookIsA401Or403ProblemAndMetersNothing() {
        var account = pricedAccount();
        var to = number();
        assign(account, to);
        var inbound = (String) connect(account, Map.of("carrier", "twilio", "authToken", "tok-2")).get("inboundUrl");
        var params = sms("SM-refused-" + UUID.randomUUID(), to, "hello");
        twilio(inbound, "another-connections-token", params).then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("X-Twilio-Signature does not match"));
        given().contentType("application/x-www-form-urlencoded").body(Requests.form(params)).post(path(inbound))
                .then().statusCode(401).contentType(startsWith("application/problem+json"));
        // Signed for http:// instead of the public https:// URL.
        twilio(inbound.replace("https://", "http://"), "tok-2", params).then().statusCode(403);
        assertThat(available(account)).isEqualTo("10");
    }

    @Test
    void anInboundMessageToANumberNoAccountOwnsIsA404KeptAndMeteredOnceAssigned() {
        var account = pricedAccount();
        var to = number();
        var inbound = (String) connect(account, Map.of("carrier", "twilio", "authToken", "tok-3")).get("inboundUrl");
        var id = "SM-unmatched-" + UUID.randomUUID();
        twilio(inbound, "tok-3", sms(id, to, "who owns this?")).then().statusCode(404)
                .body("type", containsString("number-not-assigned"));
        asOperator().get("/v1/unmatched-inbound?limit=1000").then().statusCode(200)
                .body("messageId", org.hamcrest.Matchers.hasItem(id));
        assertThat(available(account)).isEqualTo("10");

        asOperator().body(Map.of("numbers", List.of(Map.of("number", to, "product", "support"))))
                .put("/v1/accounts/" + account + "/numbers").then().statusCode(200)
                .body("inboundMetered", equalTo(1));
        assertThat(available(account)).isEqualTo("9");
        asOperator().get("/v1/unmatched-inbound?limit=1000").then().statusCode(200)
                .body("messageId", not(org.hamcrest.Matchers.hasItem(id)));
        // The carrier's retry after the assignment meters nothing more.
        twilio(inbound, "tok-3", sms(id, to, "who owns this?")).then().statusCode(200);
        assertThat(available(account)).isEqualTo("9");
    }

    @Test
    void aTelnyxInboundMessageSignedWithTheAccountsKeyIsMetered() {
        var account = pricedAccount();
        var to = number();
        assign(account, to);
        var keys = TelnyxSignatureTest.generate();
        var inbound = (String) connect(account, Map.of("carrier", "telnyx", "publicKey",
                TelnyxSignatureTest.rawPublicKey(keys))).get("inboundUrl");
        var body = """
                {"data":{"event_type":"message.received","id":"e1","occurred_at":"2026-12-01T11:59:59Z",
                "payload":{"id":"%s","from":{"phone_number":"%s"},"to":[{"phone_number":"%s"}],
                "text":"%s","parts":2}}}""".formatted(UUID.randomUUID(), HANDSET, to, "x".repeat(200));
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        given().contentType("application/json").header("telnyx-timestamp", timestamp)
                .header("telnyx-signature-ed25519", TelnyxSignatureTest.signature(keys, timestamp, body))
                .body(body.getBytes(StandardCharsets.UTF_8)).post(path(inbound))
                .then().statusCode(200).body("metered", equalTo(1));
        assertThat(available(account)).isEqualTo("8");
        var stale = Long.toString(Instant.now().getEpochSecond() - 400);
        given().contentType("application/json").header("telnyx-timestamp", stale)
                .header("telnyx-signature-ed25519", TelnyxSignatureTest.signature(keys, stale, body))
                .body(body.getBytes(StandardCharsets.UTF_8)).post(path(inbound))
                .then().statusCode(403).body("detail", containsString("300 s"));
    }

    @Test
    void aGenericReceiptIsVerifiedAndReadAndADeletedConnectionAnswers404() {
        var account = pricedAccount();
        var secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var connection = connect(account, Map.of("carrier", "generic", "secret", secret));
        var status = (String) connection.get("statusUrl") + "?reservation=r." + account + ".abc";
        var body = "id:77 sub:001 dlvrd:001 submit date:2612011158 done date:2612011200 stat:DELIVRD err:000 text:x";
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        var signature = StandardWebhookSignature.sign(secret, "msg_1", timestamp,
                body.getBytes(StandardCharsets.UTF_8));
        given().contentType("text/plain").header("webhook-id", "msg_1").header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + signature).body(body).post(path(status))
                .then().statusCode(200).body("events", equalTo(1));
        given().contentType("text/plain").header("webhook-id", "msg_1").header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + signature).body(body + " ").post(path(status))
                .then().statusCode(403);

        asOperator().get("/v1/accounts/" + account + "/carrier-connections").then().statusCode(200)
                .body("size()", equalTo(1)).body(not(containsString("MfKQ9r8")));
        asOperator().delete("/v1/accounts/" + account + "/carrier-connections/" + connection.get("id"))
                .then().statusCode(204);
        given().contentType("text/plain").header("webhook-id", "msg_1").header("webhook-timestamp", timestamp)
                .header("webhook-signature", "v1," + signature).body(body).post(path(status))
                .then().statusCode(404);
        given().contentType("text/plain").post(path(status).replace("/generic/", "/twilio/")).then().statusCode(404);
    }

    @Test
    void aSignedReceiptCommitsTheReservationItsStatusUrlNamesOnce() {
        var account = pricedAccount();
        asOperator().body(Map.of("rates", List.of(Map.of("service", "SMS", "direction", "outbound", "country", "*",
                "rate", "2")))).put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        String reservation = asOperator().body(Map.of("idempotencyKey", "m-1", "account", account, "service", "sms",
                "to", HANDSET, "text", "hello")).post("/v1/reservations").then().statusCode(201).extract()
                .path("reservationId");
        assertThat(available(account)).isEqualTo("8");
        var secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var connection = connect(account, Map.of("carrier", "generic", "secret", secret));
        var status = (String) connection.get("statusUrl") + "?reservation=" + reservation;
        var body = "id:m-77 sub:001 dlvrd:001 submit date:2612011158 done date:2612011200 stat:DELIVRD err:000 text:x";
        for (int i = 0; i < 3; i++) {
            var timestamp = Long.toString(Instant.now().getEpochSecond());
            var signature = StandardWebhookSignature.sign(secret, "msg_" + i, timestamp,
                    body.getBytes(StandardCharsets.UTF_8));
            given().contentType("text/plain").header("webhook-id", "msg_" + i).header("webhook-timestamp", timestamp)
                    .header("webhook-signature", "v1," + signature).body(body).post(path(status))
                    .then().statusCode(200).body("events", equalTo(1));
        }
        var balance = asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200).extract()
                .jsonPath();
        assertThat(balance.getString("held")).isEqualTo("0");
        assertThat(balance.getString("available")).isEqualTo("8");
        assertThat(balance.getString("spent")).isEqualTo("2");
    }

    @Test
    void connectionsAndNumbersRefuseBadInputNamingTheField() {
        var account = pricedAccount();
        var base = "/v1/accounts/" + account + "/carrier-connections";
        asOperator().body(Map.of("carrier", "pigeon")).post(base).then().statusCode(400)
                .body("field", equalTo("carrier"));
        asOperator().body(Map.of("carrier", "twilio")).post(base).then().statusCode(400)
                .body("field", equalTo("authToken"));
        asOperator().body(Map.of("carrier", "twilio", "authToken", "t", "secret", "s")).post(base).then()
                .statusCode(400).body("field", equalTo("secret"));
        asOperator().body(Map.of("carrier", "telnyx", "publicKey", "AAAA")).post(base).then().statusCode(400)
                .body("field", equalTo("publicKey"));
        asOperator().body(Map.of("carrier", "vonage", "signatureSecret", "s", "signatureMethod", "crc32"))
                .post(base).then().statusCode(400).body("field", equalTo("signatureMethod"));
        asOperator().body(Map.of("numbers", List.of(Map.of("number", "12345"))))
                .put("/v1/accounts/" + account + "/numbers").then().statusCode(400)
                .body("field", equalTo("numbers[0].number"));
        asOperator().body(Map.of("numbers", List.of(Map.of("number", HANDSET, "subAccount", "nowhere"))))
                .put("/v1/accounts/" + account + "/numbers").then().statusCode(400)
                .body("field", equalTo("numbers[0].subAccount"));
        var to = number();
        assign(account, to);
        asOperator().body(Map.of("numbers", List.of(Map.of("number", to))))
                .put("/v1/accounts/" + pricedAccount() + "/numbers").then().statusCode(409);
    }
}
