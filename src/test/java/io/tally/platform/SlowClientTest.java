package io.tally.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.tally.Api;
import io.tally.TightLimits;

/**
 * A client that sends its headers or its body a byte at a time, or holds connections open, is cut off within the
 * configured limits while other clients are served.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class SlowClientTest {
    private static final Duration PACE = Duration.ofMillis(700);
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final Duration GIVE_UP = Duration.ofSeconds(20);

    @Test
    void headersSentAByteAtATimeAreCutOff() throws IOException {
        try (var socket = connect()) {
            var out = socket.getOutputStream();
            out.write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();

            var outcome = trickle(socket, out, socket.getInputStream());

            assertThat(outcome.closed()).as("the server closed the connection").isTrue();
            assertThat(elapsed(started)).isLessThan(Duration.ofSeconds(TightLimits.IDLE_SECONDS).plus(MARGIN));
            assertThat(outcome.answer()).isEmpty();
        }
    }

    @Test
    void aBodySentAByteAtATimeIsCutOffWithA408Problem() throws Exception {
        assertCutOffWithA408("Content-Length: 200\r\n\r\n{\"text\": \"");
    }

    /** A chunked body is read ahead of Quarkus REST, to the size limit (BodyLimit): under the deadline too. */
    @Test
    void aChunkedBodySentAByteAtATimeIsCutOffWithA408Problem() throws Exception {
        assertCutOffWithA408("Transfer-Encoding: chunked\r\n\r\n1000\r\n{\"text\": \"");
    }

    private static void assertCutOffWithA408(String framingAndBodyStart) throws Exception {
        try (var log = new RecordedLog(); var socket = connect()) {
            var out = socket.getOutputStream();
            out.write(("POST /v1/segments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + Api.OPERATOR_KEY + "\r\n" + framingAndBodyStart)
                    .getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();

            var outcome = trickle(socket, out, socket.getInputStream());

            assertThat(outcome.closed()).as("the server closed the connection").isTrue();
            assertThat(elapsed(started)).isGreaterThanOrEqualTo(Duration.ofSeconds(TightLimits.BODY_SECONDS))
                    .isLessThan(Duration.ofSeconds(TightLimits.BODY_SECONDS).plus(MARGIN));
            assertThat(outcome.answer()).startsWith("HTTP/1.1 408")
                    .contains("application/problem+json")
                    .contains("/request-timeout");
            Thread.sleep(500); // the server may log after it closed the connection
            assertThat(log.records).as("log records at WARN and above").isEmpty();
        }
    }

    @Test
    void aRequestWithoutABodyOrWithItsBodyInIsNotCutOffWhileItsAnswerTakesLongerThanTheBodyDeadline()
            throws IOException {
        assertThat(SlowAnswerRoute.DELAY_MS).as("between the body deadline and the idle timeout")
                .isGreaterThan(TightLimits.BODY_SECONDS * 1000L).isLessThan(TightLimits.IDLE_SECONDS * 1000L);
        var requests = new String[] {
                "POST /test/slow-answer HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "POST /test/slow-answer HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n",
                "POST /test/slow-answer-after-body HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}",
                "POST /test/slow-answer-after-body HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "2\r\n{}\r\n0\r\n\r\n" };
        for (var request : requests) {
            try (var socket = connect()) {
                socket.setSoTimeout((int) (SlowAnswerRoute.DELAY_MS + 5_000));
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                var answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(answer).as(request).isEqualTo("HTTP/1.1 200");
            }
        }
    }

    @Test
    void otherClientsAreServedMeanwhile() throws Exception {
        var slow = new Thread(() -> {
            try {
                headersSentAByteAtATimeAreCutOff();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        slow.start();
        Thread.sleep(PACE.toMillis());

        given().get("/q/health/live").then().statusCode(200);
        Api.asOperator().body("{\"text\": \"hello\"}").post("/v1/segments").then().statusCode(200);
        slow.join();
    }

    @Test
    void connectionsBeyondTheCapAreRefusedAndTheServerRecovers() throws IOException {
        var sockets = new ArrayList<Socket>();
        try {
            for (int i = 0; i < TightLimits.CONNECTIONS + 5; i++) {
                sockets.add(connect());
            }
            int answered = 0;
            for (var socket : sockets) {
                answered += answers(socket) ? 1 : 0;
            }
            assertThat(answered).isPositive().isLessThanOrEqualTo(TightLimits.CONNECTIONS);
        } finally {
            for (var socket : sockets) {
                socket.close();
            }
        }
        given().get("/q/health/live").then().statusCode(200);
    }

    /** Whether the server answers a request on the socket (else it closed the connection). */
    private static boolean answers(Socket socket) throws IOException {
        socket.setSoTimeout((int) GIVE_UP.toMillis());
        try {
            socket.getOutputStream().write("GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            var status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return status.equals("HTTP/1.1 200");
        } catch (IOException closed) {
            return false;
        }
    }

    private record Outcome(boolean closed, String answer) {
    }

    /** Sends a byte every {@link #PACE} until the server answers and closes, or {@link #GIVE_UP}. */
    private static Outcome trickle(Socket socket, OutputStream out, InputStream in) throws IOException {
        socket.setSoTimeout((int) PACE.toMillis());
        var answer = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (answer.size() == 0) {
                    out.write('a');
                    out.flush();
                }
                int read = in.read();
                if (read == -1) {
                    return new Outcome(true, answer.toString(StandardCharsets.US_ASCII));
                }
                answer.write(read);
                answer.write(in.readNBytes(in.available()));
            } catch (SocketTimeoutException nothingYet) {
                // still open: send the next byte
            } catch (IOException reset) {
                return new Outcome(true, answer.toString(StandardCharsets.US_ASCII));
            }
        }
        return new Outcome(false, answer.toString(StandardCharsets.US_ASCII));
    }

    private static Socket connect() throws IOException {
        return new Socket("localhost", RestAssured.port);
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
