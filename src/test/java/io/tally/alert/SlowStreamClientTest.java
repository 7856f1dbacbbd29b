package io.tally.alert;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

/**
 * One stream reader per replica fans out to its SSE clients, and a client that does not read is dropped without
 * slowing the others (docs/alerts.md "Server-sent events").
 */
@QuarkusTest
class SlowStreamClientTest {
    private static final int RULES = 50;

    @TestHTTPResource("/v1/accounts/")
    URI accounts;

    @Inject
    MeterRegistry registry;

    @Test
    void aClientThatNeverReadsIsDroppedAndTheOtherClientGetsEveryAlertPromptly() throws Exception {
        var alerts = Alerts.priced().grant("package", "100");
        for (int i = 0; i < RULES; i++) {
            alerts.rule(Map.of("type", "low-balance", "threshold", "100"));
        }
        var uri = accounts.resolve(alerts.account + "/alerts/stream");
        double droppedBefore = dropped();
        try (var slow = new Socket(); var normal = SseClient.open(uri, Api.OPERATOR_KEY, null)) {
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            slow.getOutputStream().write(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n"
                    + "Authorization: Bearer " + Api.OPERATOR_KEY + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            slow.setSoTimeout(10_000);
            var head = readUntil(slow.getInputStream(), "keep-alive");
            assertThat(head).startsWith("HTTP/1.1 200");
            normal.awaitOpen();
            // From here on the slow client reads nothing. Each round fires every rule and then resolves every one:
            // 100 alerts of about 300 bytes; the slow client's socket buffers and its queue fill after some tens of
            // thousands at most.
            int round = 0;
            while (dropped() == droppedBefore) {
                assertThat(round).as("rounds before the slow client was dropped").isLessThan(600);
                round(alerts, normal, round++);
            }
            assertThat(round).as("the slow client was not dropped at once").isGreaterThan(1);
            for (int i = 0; i < 3; i++) {
                round(alerts, normal, round++);
            }
            assertThat(dropped()).isEqualTo(droppedBefore + 1);
            assertThat(closedByServer(slow)).as("the slow client's connection was closed").isTrue();
        }
    }

    /** Fires and resolves every rule, and checks that the normal client got all of it within a few seconds. */
    private void round(Alerts alerts, SseClient normal, int round) throws InterruptedException {
        long start = System.nanoTime();
        assertThat(alerts.reserve(alerts.account + "-r-" + round)).isEqualTo(201);
        List<SseClient.Event> fired = normal.next(RULES);
        asOperator().body(Map.of("idempotencyKey", alerts.account + "-g-" + round, "kind", "package", "amount", "1"))
                .post("/v1/accounts/" + alerts.account + "/grants").then().statusCode(201);
        List<SseClient.Event> resolved = normal.next(RULES);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("round %d", round)
                .isLessThan(Duration.ofSeconds(8));
        assertThat(fired).as("round %d fired", round).hasSize(RULES)
                .allSatisfy(e -> assertThat(e.data()).contains("\"state\":\"firing\""));
        assertThat(resolved).as("round %d resolved", round).hasSize(RULES)
                .allSatisfy(e -> assertThat(e.data()).contains("\"state\":\"resolved\""));
    }

    private double dropped() {
        var counter = registry.find("tally.alerts.stream.dropped").counter();
        return counter == null ? 0 : counter.count();
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        var read = new StringBuilder();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (read.indexOf(marker) < 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + marker + " within 10 s: " + read);
            }
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("stream ended before " + marker + ": " + read);
            }
            read.append((char) b);
        }
        return read.toString();
    }

    /** Reads what the server had sent until the end of the stream: true when it closed the connection. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        var buffer = new byte[64 * 1024];
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (var in = socket.getInputStream()) {
            while (System.nanoTime() < deadline) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
        return false;
    }
}
