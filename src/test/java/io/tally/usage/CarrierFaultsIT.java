package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Carriers' webhooks when a store fails, on the packaged gateway with a real redis-server and PostgreSQL. Redis frozen
 * (SIGSTOP): inbound messages and receipts answer 503 with Retry-After within the Redis timeout, so the carrier
 * retries, and the retry meters once. PostgreSQL down: a connection and number read before are answered from memory,
 * so inbound messages are still metered (Redis first, PostgreSQL after), and reach PostgreSQL once it is back.
 */
class CarrierFaultsIT {
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration ANSWERED_WITHIN = REDIS_TIMEOUT.plusSeconds(3);
    private static final String PUBLIC = "https://tally.test";
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "carrier-faults-it-secret-key-32b".getBytes(StandardCharsets.UTF_8));
    private static final String NUMBER = "+13125550199";
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"?([^\",}]*)\"?");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Stores stores;
    private static Gateway gateway;
    private static String inboundUrl;
    private static String statusUrl;

    @BeforeAll
    static void start() throws IOException {
        stores = Stores.start("carrier-faults");
        gateway = stores.gateway("carrier-faults", Map.of(
                "TALLY_REDIS_TIMEOUT", REDIS_TIMEOUT.toMillis() + "ms",
                "TALLY_PUBLIC_URL", PUBLIC,
                "TALLY_CARRIER_CREDENTIALS_KEY", Base64.getEncoder().encodeToString(
                        "carrier-faults-it-credentials-k!".getBytes(StandardCharsets.UTF_8))));
        Gateway.expect(201, gateway.send("POST", "/v1/accounts", "{\"id\":\"cf\",\"name\":\"cf\"}"));
        Gateway.expect(200, gateway.send("PUT", "/v1/accounts/cf/rates", "{\"rates\":["
                + "{\"service\":\"SMS\",\"direction\":\"inbound\",\"country\":\"*\",\"rate\":\"1\"},"
                + "{\"service\":\"SMS\",\"direction\":\"outbound\",\"country\":\"*\",\"rate\":\"2\"}]}"));
        Gateway.expect(201, gateway.send("POST", "/v1/accounts/cf/grants",
                "{\"idempotencyKey\":\"g-cf\",\"kind\":\"package\",\"amount\":\"100\"}"));
        Gateway.expect(200, gateway.send("PUT", "/v1/accounts/cf/numbers",
                "{\"numbers\":[{\"number\":\"" + NUMBER + "\"}]}"));
        var connection = gateway.send("POST", "/v1/accounts/cf/carrier-connections",
                "{\"carrier\":\"generic\",\"secret\":\"" + SECRET + "\"}");
        Gateway.expect(201, connection);
        inboundUrl = field(connection.body(), "inboundUrl");
        statusUrl = field(connection.body(), "statusUrl");
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void aFrozenRedisAnswers503SoTheCarrierRetriesAndTheRetryMetersOnce() throws Exception {
        var opening = available();
        assertThat(inbound("in-warm").status()).isEqualTo(200);
        var reserved = gateway.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"r-cf\",\"account\":\"cf\","
                + "\"service\":\"sms\",\"to\":\"+393471234567\",\"text\":\"hello\"}");
        Gateway.expect(201, reserved);
        var reservation = field(reserved.body(), "reservationId");
        assertThat(available()).as("1 inbound, 2 held").isEqualByComparingTo(opening.subtract(new BigDecimal(3)));

        Gateway.Reply inbound;
        Gateway.Reply receipt;
        long inboundMillis;
        long receiptMillis;
        var frozen = stores.freezeRedis();
        try {
            long start = System.nanoTime();
            inbound = inbound("in-frozen");
            inboundMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            receipt = receipt("dlr-frozen", reservation);
            receiptMillis = (System.nanoTime() - start) / 1_000_000;
        } finally {
            frozen.thaw();
        }
        System.out.printf("CarrierFaultsIT frozen Redis: inbound %d in %d ms, receipt %d in %d ms%n",
                inbound.status(), inboundMillis, receipt.status(), receiptMillis);
        for (var reply : new Gateway.Reply[] { inbound, receipt }) {
            assertThat(reply.status()).as(reply.body()).isEqualTo(503);
            assertThat(reply.retryAfter()).as("Retry-After").isNotBlank();
            assertThat(reply.body()).contains("\"status\"");
        }
        assertThat(inboundMillis).isLessThan(ANSWERED_WITHIN.toMillis());
        assertThat(receiptMillis).isLessThan(ANSWERED_WITHIN.toMillis());

        // The carrier retries (each twice here): one metering, one commit, whatever Redis ran while frozen.
        for (int i = 0; i < 2; i++) {
            assertThat(inbound("in-frozen").status()).isEqualTo(200);
            assertThat(receipt("dlr-frozen", reservation).status()).isEqualTo(200);
        }
        assertThat(available()).as("2 inbound, 2 committed").isEqualByComparingTo(opening.subtract(new BigDecimal(4)));
        assertThat(field(gateway.send("GET", "/v1/accounts/cf/balance", null).body(), "held")).isEqualTo("0");
    }

    @Test
    void withPostgresDownAnInboundMessageOnAKnownNumberIsStillMeteredAndRecordedLater() throws Exception {
        assertThat(inbound("pg-warm").status()).isEqualTo(200); // the connection and number are now in memory
        var before = available();
        stores.stopPostgres();
        Gateway.Reply reply;
        try {
            reply = inbound("pg-down");
        } finally {
            stores.startPostgres();
        }
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(available()).isEqualByComparingTo(before.subtract(BigDecimal.ONE));

        var deadline = Instant.now().plusSeconds(60);
        while (stores.count("SELECT count(*) FROM usage_records WHERE metadata->>'carrierMessageId' = 'pg-down'") < 1
                && Instant.now().isBefore(deadline)) {
            Gateway.sleep(250);
        }
        assertThat(stores.count("SELECT count(*) FROM usage_records WHERE metadata->>'carrierMessageId' = 'pg-down'"))
                .as("the message's usage record, once PostgreSQL is back").isEqualTo(1);
    }

    private static BigDecimal available() {
        var reply = gateway.send("GET", "/v1/accounts/cf/balance", null);
        Gateway.expect(200, reply);
        return new BigDecimal(field(reply.body(), "available"));
    }

    private static Gateway.Reply inbound(String id) {
        return webhook(inboundUrl, id, "{\"messageId\":\"" + id + "\",\"from\":\"+393471234567\",\"to\":\"" + NUMBER
                + "\",\"text\":\"hi\"}");
    }

    private static Gateway.Reply receipt(String id, String reservation) {
        return webhook(statusUrl + "?reservation=" + reservation, id, "{\"messageId\":\"" + id
                + "\",\"status\":\"delivered\"}");
    }

    /** A generic carrier's webhook, signed the Standard Webhooks way (computed here, not by the gateway's code). */
    private static Gateway.Reply webhook(String url, String id, String body) {
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
            var signature = Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
            var request = HttpRequest.newBuilder(gateway.uri(url.substring(PUBLIC.length())))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", timestamp)
                    .header("webhook-signature", "v1," + signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Gateway.Reply(response.statusCode(), response.body(),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String field(String json, String name) {
        var matcher = FIELD.matcher(json);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2);
            }
        }
        throw new AssertionError(name + " not in " + json);
    }
}
