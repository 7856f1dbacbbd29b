package io.tally.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on localhost: records every request (path, headers, body, arrival) and answers the scripted
 * statuses in order, then 200.
 */
final class Receiver implements AutoCloseable {
    record Received(String path, Map<String, List<String>> headers, String body, long atNanos) {
        String header(String name) {
            var values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    record Answer(int status, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();

    Receiver() throws IOException {
        // where "localhost" resolves first: the address the sender connects to
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), 0), 0);
        server.createContext("/", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = new java.util.TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            received.add(new Received(exchange.getRequestURI().toString(), headers, body, System.nanoTime()));
            var answer = script.poll();
            if (answer == null) {
                answer = new Answer(200, Map.of());
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), -1);
            exchange.close();
        });
        server.start();
    }

    Receiver answer(int status, Map<String, String> headers) {
        script.add(new Answer(status, headers));
        return this;
    }

    Receiver answer(int status) {
        return answer(status, Map.of());
    }

    /** The URL of a path, by the name {@code localhost} (the test profile's allowed private host). */
    String url(String path) {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
