package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tally.ledger.Partitions;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Faults of one replica, with the packaged gateway as child processes on a real redis-server and PostgreSQL.
 * <p>
 * A replica whose clock is five minutes ahead ({@code TALLY_CLOCK_OFFSET}) beside one on time: it is not ready
 * (the {@code clock} check against Redis's {@code TIME}) and does not sweep, so a hold made through the replica on
 * time expires at its deadline, not five minutes early; carriers' webhook timestamps are judged right by the replica
 * on time, and wrongly by the one ahead, which is why it must take no traffic.
 * <p>
 * 2,000 idle connections and a client sending its body a byte a second: other requests are served with their usual
 * latency, the idle connections stay open, the slow body is cut off with 408 at the body deadline.
 */
class ReplicaFaultsIT {
    private static final int PARTITIONS = 4;
    private static final Duration SWEEP = Duration.ofMillis(500);
    private static final Duration HOLD = Duration.ofSeconds(6);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(5);
    private static final int IDLE = 2_000;
    private static final String SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("replica-faults-it-webhook-secret".getBytes(StandardCharsets.UTF_8));
    private static final Pattern RESERVATION = Pattern.compile("\"reservationId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS_URL = Pattern.compile("\"statusUrl\"\\s*:\\s*\"https://tally.test([^\"]+)\"");
    private static final Map<String, String> SETTINGS = Map.of(
            "TALLY_LEDGER_PARTITIONS", Integer.toString(PARTITIONS),
            "TALLY_LEDGER_SWEEP_INTERVAL", SWEEP.toMillis() + "ms",
            "TALLY_USAGE_WRITER_RETENTION", "1h",
            "TALLY_HTTP_BODY_TIMEOUT", BODY_TIMEOUT.toSeconds() + "s",
            "TALLY_PUBLIC_URL", "https://tally.test",
            "TALLY_CARRIER_CREDENTIALS_KEY", Base64.getEncoder()
                    .encodeToString("replica-faults-it-credentials-32".getBytes(StandardCharsets.UTF_8)));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Stores stores;
    private static Gateway onTime;
    private static Gateway ahead;
    private static String account;
    private static final List<String> answered = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        stores = Stores.start("replica");
        var skewed = new java.util.HashMap<>(SETTINGS);
        skewed.put("TALLY_CLOCK_OFFSET", "5m");
        var starting = CompletableFuture.supplyAsync(() -> stores.gateway("ahead", skewed));
        onTime = stores.gateway("on-time", SETTINGS);
        ahead = starting.join();
        account = "skew-0";
        Gateway.expect(201, onTime.send("POST", "/v1/accounts", "{\"id\":\"" + account + "\",\"name\":\"skew\","
                + "\"ledger\":{\"holdTimeoutSeconds\":" + HOLD.toSeconds() + "}}"));
        Gateway.expect(200, onTime.send("PUT", "/v1/accounts/" + account + "/rates", "{\"rates\":[{\"service\":"
                + "\"SMS\",\"direction\":\"outbound\",\"country\":\"*\",\"rate\":\"0.01\"}]}"));
        Gateway.expect(201, onTime.send("POST", "/v1/accounts/" + account + "/grants",
                "{\"idempotencyKey\":\"g-skew\",\"kind\":\"package\",\"amount\":\"1000000\"}"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (var gateway : new Gateway[] { ahead, onTime }) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void aReplicaFiveMinutesAheadIsNotReadyAndExpiresNoHoldEarly() throws Exception {
        var readyAhead = ahead.send("GET", "/q/health/ready", null);
        System.out.printf("ReplicaFaultsIT clock: readiness of the replica ahead %d %s%n", readyAhead.status(),
                readyAhead.body().replaceAll("\\s", ""));
        assertThat(readyAhead.status()).isEqualTo(503);
        assertThat(readyAhead.body().replaceAll("\\s", "")).contains("\"name\":\"clock\",\"status\":\"DOWN\"");
        assertThat(onTime.send("GET", "/q/health/ready", null).body().replaceAll("\\s", ""))
                .contains("\"name\":\"clock\",\"status\":\"UP\"");

        var reserved = reserve(onTime);
        var id = id(reserved);
        answered.add(id);
        var deadline = Long.parseLong(hold(id).split("\\|")[3]);
        long expiredAt = 0;
        while (System.currentTimeMillis() < deadline + SWEEP.toMillis() + 3_000) {
            var state = hold(id);
            if (!state.startsWith("HELD|")) {
                expiredAt = System.currentTimeMillis();
                break;
            }
            Gateway.sleep(50);
        }
        System.out.printf("ReplicaFaultsIT clock: a %s hold expired %d ms after its deadline (%s)%n", HOLD,
                expiredAt - deadline, hold(id).split("\\|")[0]);
        assertThat(expiredAt).as("the hold expired").isPositive();
        assertThat(expiredAt - deadline).as("ms from the deadline to the expiry (a sweep and some slack)")
                .isBetween(0L, SWEEP.toMillis() + 2_000);

        // The replica ahead still answers if called directly: its holds' deadlines are five minutes late.
        var late = reserve(ahead);
        answered.add(id(late));
        long lateBy = Long.parseLong(hold(id(late)).split("\\|")[3]) - System.currentTimeMillis() - HOLD.toMillis();
        System.out.printf("ReplicaFaultsIT clock: a hold made through the replica ahead has a deadline %d s late%n",
                lateBy / 1000);
        assertThat(lateBy).as("ms the deadline of a hold made through the replica ahead is late")
                .isGreaterThan(Duration.ofMinutes(4).toMillis());
        Gateway.expect(200, onTime.send("POST", "/v1/reservations/" + id(late) + "/release", null));
        stores.assertInvariants(PARTITIONS, List.of(account), answered, SWEEP);
    }

    @Test
    void webhookTimestampsAreJudgedByTheReplicaOnTimeAndMisjudgedByTheOneAhead() throws Exception {
        var connection = onTime.send("POST", "/v1/accounts/" + account + "/carrier-connections",
                "{\"carrier\":\"generic\",\"secret\":\"" + SECRET + "\"}");
        Gateway.expect(201, connection);
        var matcher = STATUS_URL.matcher(connection.body());
        assertThat(matcher.find()).as(connection.body()).isTrue();
        var path = matcher.group(1);
        long now = Instant.now().getEpochSecond();

        var fresh = webhook(onTime, path, now - 2);
        var stale = webhook(onTime, path, now - 301);
        var freshOnAhead = webhook(ahead, path, now - 2);
        System.out.printf("ReplicaFaultsIT webhooks: fresh %d, 301 s old %d, fresh through the replica ahead %d%n",
                fresh.statusCode(), stale.statusCode(), freshOnAhead.statusCode());
        assertThat(fresh.statusCode()).as(fresh.body()).isEqualTo(200);
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(403);
        assertThat(stale.body()).contains("300 s");
        assertThat(freshOnAhead.statusCode()).as("a fresh webhook judged by the clock five minutes ahead: "
                + freshOnAhead.body()).isEqualTo(403);
    }

    @Test
    void twoThousandIdleConnectionsAndASlowBodyLeaveOtherRequestsServed() throws Exception {
        long limit = openFilesLimit();
        Assumptions.assumeTrue(limit >= IDLE + 1_000, "2,000 idle connections need a file-descriptor limit of at"
                + " least 3,000 (ulimit -n); this process has " + limit);
        var baseline = latencies(30);
        var idle = new ArrayList<Socket>();
        try {
            for (int i = 0; i < IDLE; i++) {
                idle.add(new Socket("127.0.0.1", onTime.port));
            }
            var slow = CompletableFuture.supplyAsync(ReplicaFaultsIT::slowBody);
            Gateway.sleep(500);
            var during = latencies(30);
            var slowAnswer = slow.get(BODY_TIMEOUT.toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS);
            int open = 0;
            for (var socket : idle) {
                socket.setSoTimeout(1);
                try {
                    if (socket.getInputStream().read() >= 0) {
                        open++; // the server wrote something: unexpected, but the connection is there
                    }
                } catch (SocketTimeoutException e) {
                    open++;
                }
            }
            System.out.printf("ReplicaFaultsIT connections: reservation latency p50/max %d/%d ms before, %d/%d ms"
                    + " with %d idle connections (%d still open) and a slow body (answered %s)%n", median(baseline),
                    max(baseline), median(during), max(during), IDLE, open, slowAnswer);
            assertThat(slowAnswer).as("the slow body's answer").startsWith("HTTP/1.1 408");
            assertThat(open).as("idle connections still open").isEqualTo(IDLE);
            assertThat(median(during)).as("median latency with the idle connections and the slow body (ms)")
                    .isLessThanOrEqualTo(10 * median(baseline) + 100);
            assertThat(max(during)).as("slowest request (ms)").isLessThan(2_000);
        } finally {
            for (var socket : idle) {
                socket.close();
            }
        }
        stores.assertInvariants(PARTITIONS, List.of(account), answered, SWEEP);
    }

    /** A reservation whose body arrives a byte a second; the first line of the answer. */
    private static String slowBody() {
        var body = ("{\"idempotencyKey\":\"slow\",\"account\":\"" + account + "\",\"service\":\"sms\","
                + "\"to\":\"+393471234567\",\"text\":\"slow\"}").getBytes(StandardCharsets.UTF_8);
        try (var socket = new Socket("127.0.0.1", onTime.port)) {
            socket.setSoTimeout((int) BODY_TIMEOUT.plusSeconds(10).toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/reservations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + Gateway.OPERATOR_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < body.length && in.available() == 0; i++) {
                out.write(body[i]);
                out.flush();
                Thread.sleep(1000);
            }
            var line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Milliseconds of {@code count} reservations in a row, each answered 201. */
    private static List<Long> latencies(int count) {
        var millis = new ArrayList<Long>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            var reply = reserve(onTime);
            millis.add((System.nanoTime() - start) / 1_000_000);
            Gateway.expect(201, reply);
            answered.add(id(reply));
        }
        return millis;
    }

    private static HttpResponse<String> webhook(Gateway gateway, String path, long timestamp) throws Exception {
        var body = "{\"messageId\":\"m-" + UUID.randomUUID() + "\",\"status\":\"delivered\"}";
        var id = "msg_" + UUID.randomUUID();
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
        var signature = Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port + path))
                .header("Content-Type", "application/json").header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp)).header("webhook-signature", "v1," + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Gateway.Reply reserve(Gateway gateway) {
        return gateway.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"" + UUID.randomUUID()
                + "\",\"account\":\"" + account + "\",\"service\":\"sms\",\"to\":\"+393471234567\",\"text\":\"hi\"}");
    }

    private static String id(Gateway.Reply reply) {
        var matcher = RESERVATION.matcher(reply.body());
        assertThat(matcher.find()).as(reply.body()).isTrue();
        return matcher.group(1);
    }

    /** The hold's record in Redis (docs/ledger.md, "Keys"). */
    private static String hold(String id) {
        var hold = stores.send(Request.cmd(Command.GET).arg("{p" + Partitions.of(account, PARTITIONS) + "}:hold:" + id));
        assertThat(hold).as("hold %s", id).isNotNull();
        return hold.toString();
    }

    private static long median(List<Long> millis) {
        return millis.stream().sorted().toList().get(millis.size() / 2);
    }

    private static long max(List<Long> millis) {
        return millis.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /** The soft limit of open files of this process (the gateway, its child, inherits it). */
    private static long openFilesLimit() throws IOException {
        var line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElse("");
        var fields = line.substring("Max open files".length()).trim().split("\\s+");
        return fields[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(fields[0]);
    }
}
