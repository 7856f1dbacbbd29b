package io.tally.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tally.Api;

/**
 * Requests refused before they reach an endpoint (too large, URI too long, no such path) answer a problem document,
 * log next to nothing, and never put their raw path into a metric tag.
 */
@QuarkusTest
class RefusedRequestsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aChunkedBodyOverTheLimitIsA413ProblemWithoutStackTraces() throws Exception {
        var log = new RecordedLog();
        HttpResponse<String> response;
        try (log) {
            var body = ("{\"name\": \"" + "a".repeat(70 * 1024) + "\"}").getBytes();
            response = HTTP.send(HttpRequest.newBuilder(uri("/v1/accounts")).version(HttpClient.Version.HTTP_1_1)
                    .header("Authorization", "Bearer " + Api.OPERATOR_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        assertThat(response.statusCode()).as(response.headers() + " " + response.body()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).as(response.headers() + " " + response.body())
                .hasValueSatisfying(
                        type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
        assertThat(response.body()).contains("/body-too-large");
        assertThat(log.records).as("log records").hasSizeLessThanOrEqualTo(1)
                .allSatisfy(record -> assertThat(record.getThrown()).isNull());
    }

    @Test
    void aChunkedBodyUnderTheLimitIsServed() throws Exception {
        var body = "{\"name\": \"chunked\"}".getBytes();
        var response = HTTP.send(HttpRequest.newBuilder(uri("/v1/accounts")).version(HttpClient.Version.HTTP_1_1)
                .header("Authorization", "Bearer " + Api.OPERATOR_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    /** Over HTTP/2 (h2c, from the second request on) a body carries no Content-Length, and may be empty. */
    @Test
    void bodiesOfUnknownLengthOverHttp2AreServed() throws Exception {
        for (int i = 0; i < 3; i++) {
            var empty = HTTP.send(HttpRequest.newBuilder(uri("/v1/reservations/r.x.unknown/commit"))
                    .header("Authorization", "Bearer " + Api.OPERATOR_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(empty.statusCode()).as(empty.version() + " " + empty.body()).isEqualTo(404);

            var body = "{\"name\": \"over h2\"}".getBytes();
            var created = HTTP.send(HttpRequest.newBuilder(uri("/v1/accounts"))
                    .header("Authorization", "Bearer " + Api.OPERATOR_KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.version() + " " + created.body()).isEqualTo(201);
        }
    }

    @Test
    void aUriTooLongIsA414Problem() {
        given().get("/v1/accounts/" + "a".repeat(5000))
                .then().statusCode(414)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", endsWith("/uri-too-long"));
    }

    @Test
    void refusedRequestsNeverTagMetricsWithTheirPath() throws IOException {
        var marker = "m" + UUID.randomUUID().toString().replace("-", "");
        given().get("/v1/" + marker).then().statusCode(404);
        given().get("/" + marker).then().statusCode(404);
        Api.asOperator().body("{}").post("/v1/" + marker + "/grants").then().statusCode(404);
        assertThat(rawStatus("POST /v1/accounts/" + marker + "/grants HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n")).isEqualTo(413);
        given().get("/v1/accounts/" + marker + "a".repeat(5000)).then().statusCode(414);
        given().delete("/v1/accounts/" + marker + "/balance").then().statusCode(404);
        given().get("/v1/accounts/" + marker).then().statusCode(401);

        var metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(metrics).contains("http_server_requests_seconds_count").doesNotContain(marker);
    }

    /** The status the server answers to a request head sent as is. */
    private static int rawStatus(String head) throws IOException {
        try (var socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            var status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9));
        }
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }
}
