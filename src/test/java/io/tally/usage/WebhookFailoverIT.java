package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook delivery in flight when its replica is killed (kill -9): a real local receiver holds the first request,
 * the replica that sent it is killed, and the other replica sends the delivery again once its lease has run out. The
 * receiver sees the alert twice with the same {@code webhook-id} (at least once, so receivers dedupe by it), both
 * correctly signed, and the delivery log shows one delivery, delivered, with the one attempt that was answered.
 */
class WebhookFailoverIT {
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"?([^\",}]*)\"?");
    private static final Map<String, String> SETTINGS = Map.of(
            "TALLY_CARRIER_CREDENTIALS_KEY", Base64.getEncoder().encodeToString(
                    "webhook-failover-it-credentials!".getBytes(StandardCharsets.UTF_8)),
            "TALLY_WEBHOOKS_ALLOWED_PRIVATE_HOSTS", "127.0.0.1",
            "TALLY_WEBHOOKS_LEASE", LEASE.toSeconds() + "s",
            "TALLY_WEBHOOKS_TIMEOUT", "4s",
            "TALLY_WEBHOOKS_DUE_INTERVAL", "250ms",
            "TALLY_WEBHOOKS_POLL_INTERVAL", "100ms");

    private static Stores stores;
    private static Gateway first;
    private static Gateway second;
    private static HttpServer receiver;
    private static ExecutorService receiverThreads;
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final List<Arrival> ARRIVALS = new CopyOnWriteArrayList<>();

    /** A request the receiver got: the sender's port (its end of the connection), headers, body, when. */
    record Arrival(int senderPort, String id, String timestamp, String signature, String body, long atNanos) {
    }

    @BeforeAll
    static void start() throws IOException {
        receiverThreads = Executors.newCachedThreadPool();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/hook", exchange -> {
            var headers = exchange.getRequestHeaders();
            var arrival = new Arrival(exchange.getRemoteAddress().getPort(), headers.getFirst("webhook-id"),
                    headers.getFirst("webhook-timestamp"), headers.getFirst("webhook-signature"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.nanoTime());
            boolean firstOne;
            synchronized (ARRIVALS) {
                firstOne = ARRIVALS.isEmpty();
                ARRIVALS.add(arrival);
            }
            try {
                if (firstOne) {
                    // Hold the first request: its sender is killed meanwhile.
                    RELEASE.await(60, TimeUnit.SECONDS);
                }
                exchange.sendResponseHeaders(200, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the sender is gone
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        stores = Stores.start("webhook-failover");
        first = stores.gateway("webhook-failover-1", SETTINGS);
        second = stores.gateway("webhook-failover-2", SETTINGS);
    }

    @AfterAll
    static void stop() throws IOException {
        RELEASE.countDown();
        for (var gateway : new Gateway[] { first, second }) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (receiver != null) {
            receiver.stop(0);
            receiverThreads.shutdownNow();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void aDeliveryInFlightWhenItsReplicaIsKilledIsSentByAnotherAfterTheLeaseWithTheSameId() throws Exception {
        var account = "whf-" + UUID.randomUUID().toString().substring(0, 8);
        Gateway.expect(201, first.send("POST", "/v1/accounts", "{\"id\":\"" + account + "\",\"name\":\"whf\"}"));
        Gateway.expect(200, first.send("PUT", "/v1/accounts/" + account + "/rates", "{\"rates\":[{\"service\":"
                + "\"SMS\",\"direction\":\"outbound\",\"country\":\"*\",\"rate\":\"0.01\"}]}"));
        Gateway.expect(201, first.send("POST", "/v1/accounts/" + account + "/grants", "{\"idempotencyKey\":\"g-"
                + account + "\",\"kind\":\"package\",\"amount\":\"1\"}"));
        Gateway.expect(201, first.send("POST", "/v1/accounts/" + account + "/alert-rules",
                "{\"type\":\"low-balance\",\"threshold\":\"0.995\"}"));
        var endpoint = first.send("POST", "/v1/accounts/" + account + "/webhook-endpoints",
                "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\"}");
        Gateway.expect(201, endpoint);
        var endpointId = field(endpoint.body(), "id");
        var secret = field(endpoint.body(), "secret");

        Gateway.expect(201, first.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"r-" + account
                + "\",\"account\":\"" + account + "\",\"service\":\"sms\",\"to\":\"+393471234567\","
                + "\"text\":\"hello\"}"));
        await("the first attempt at the receiver", () -> !ARRIVALS.isEmpty());
        var held = ARRIVALS.get(0);
        var sender = holder(held.senderPort(), receiver.getAddress().getPort());
        var survivor = sender == first ? second : first;
        sender.kill();
        assertThat(sender.alive()).isFalse();

        await("the delivery again, from the other replica", () -> ARRIVALS.size() >= 2);
        var again = ARRIVALS.get(1);
        assertThat(again.id()).as("webhook-id, the same on every attempt").isEqualTo(held.id());
        assertThat(again.body()).isEqualTo(held.body());
        assertThat(Duration.ofNanos(again.atNanos() - held.atNanos())).as("sent again once the lease ran out")
                .isGreaterThanOrEqualTo(LEASE.minusSeconds(1));
        for (var arrival : List.of(held, again)) {
            assertThat(arrival.signature()).as("signed").contains("v1," + sign(secret, arrival));
        }

        var deliveries = "/v1/accounts/" + account + "/webhook-endpoints/" + endpointId + "/deliveries";
        await("the delivery recorded as delivered", () -> {
            var log = survivor.send("GET", deliveries, null);
            return log.status() == 200 && log.body().contains("\"delivered\"");
        });
        Gateway.sleep(1000);
        assertThat(ARRIVALS).as("nothing sent after the delivery was taken").hasSize(2);
        assertThat(stores.count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = '" + endpointId + "'"))
                .as("deliveries: one per endpoint and alert").isEqualTo(1);
        assertThat(stores.count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = '" + endpointId
                + "' AND state = 'delivered' AND attempts = 1 AND last_status = 200 AND alert_id = '" + held.id()
                + "'")).as("the delivery: delivered by its one recorded attempt").isEqualTo(1);
        assertThat(stores.count("SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON"
                + " d.id = a.delivery_id WHERE d.endpoint_id = '" + endpointId + "' AND a.attempt = 1"
                + " AND a.status = 200")).as("the attempt log").isEqualTo(1);
        assertThat(stores.count("SELECT count(*) FROM webhook_attempts a JOIN webhook_deliveries d ON"
                + " d.id = a.delivery_id WHERE d.endpoint_id = '" + endpointId + "'")).isEqualTo(1);
    }

    /**
     * The gateway whose process holds the connection from {@code senderPort} to the receiver: the socket's inode in
     * /proc/net/tcp, then the process with a descriptor on it.
     */
    private static Gateway holder(int senderPort, int receiverPort) throws IOException {
        String inode = null;
        for (var table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            var path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (var line : Files.readAllLines(path)) {
                var columns = line.trim().split("\\s+");
                if (columns.length > 9 && columns[1].endsWith(String.format(":%04X", senderPort))
                        && columns[2].endsWith(String.format(":%04X", receiverPort))) {
                    inode = columns[9];
                }
            }
        }
        assertThat(inode).as("the sender's socket in /proc/net/tcp").isNotNull();
        var link = "socket:[" + inode + "]";
        for (var gateway : List.of(first, second)) {
            try (var fds = Files.list(Path.of("/proc", Long.toString(gateway.pid()), "fd"))) {
                if (fds.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString().equals(link);
                    } catch (IOException e) {
                        return false;
                    }
                })) {
                    return gateway;
                }
            }
        }
        throw new AssertionError("no gateway holds " + link);
    }

    /** The Standard Webhooks signature of an arrival, computed here (not by the gateway's code). */
    private static String sign(String secret, Arrival arrival) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((arrival.id() + "." + arrival.timestamp() + "."
                + arrival.body()).getBytes(StandardCharsets.UTF_8)));
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

    private static void await(String what, BooleanSupplier condition) {
        var deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("%s within %s", what, WAIT).isBefore(deadline);
            Gateway.sleep(50);
        }
    }
}
