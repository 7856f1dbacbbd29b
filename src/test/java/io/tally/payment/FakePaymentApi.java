package io.tally.payment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A payment API on a free local port, shaped like Stripe's PaymentIntent create-and-confirm: charges each
 * {@code Idempotency-Key} at most once and answers a repeat with the first outcome. By payment method:
 * {@code pm_ok} succeeds; {@code pm_decline} is refused (402); {@code pm_slow_once} charges, then answers the first
 * request of a key only after 3 s (past the client's timeout); {@code pm_slow_decline} answers the first request of a
 * key after 3 s, and every request, with a refusal (402), charging nothing. {@code GET /stats/<account>} answers
 * {@code <requests> <charges>} received for the account. Shared by the test JVM through a system property, so that
 * the Quarkus and the JUnit class loaders find the same server.
 */
final class FakePaymentApi {
    private static final String PORT = "tally.test.fake-payments.port";
    private static final Pattern FIELD = Pattern.compile("\"(payment_method|account|payment)\"\\s*:\\s*\"([^\"]*)\"");

    private final Map<String, String> intents = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> charges = new ConcurrentHashMap<>();

    private FakePaymentApi() {
    }

    /** The port of the one server of this JVM, started on first use. */
    static synchronized int port() {
        var known = System.getProperty(PORT);
        if (known != null) {
            return Integer.parseInt(known);
        }
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            var api = new FakePaymentApi();
            server.createContext("/v1/payment_intents", api::intent);
            server.createContext("/stats/", api::stats);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            System.setProperty(PORT, Integer.toString(server.getAddress().getPort()));
            return server.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void intent(HttpExchange exchange) throws IOException {
        var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var fields = new java.util.HashMap<String, String>();
        var matcher = FIELD.matcher(body);
        while (matcher.find()) {
            fields.put(matcher.group(1), matcher.group(2));
        }
        var key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        var account = fields.getOrDefault("account", "?");
        requests.computeIfAbsent(account, a -> new AtomicInteger()).incrementAndGet();
        var method = fields.getOrDefault("payment_method", "");
        if (key == null) {
            answer(exchange, 400, "{\"error\":{\"message\":\"Idempotency-Key required\"}}");
            return;
        }
        if (method.equals("pm_slow_decline")) {
            if (intents.putIfAbsent(key, "declined") == null) {
                sleep(3_000);
            }
            answer(exchange, 402, "{\"error\":{\"message\":\"Your card was declined.\"}}");
            return;
        }
        if (method.equals("pm_decline")) {
            answer(exchange, 402, "{\"error\":{\"message\":\"Your card was declined.\"}}");
            return;
        }
        boolean first = intents.putIfAbsent(key, "pi_" + key) == null;
        if (first) {
            charges.computeIfAbsent(account, a -> new AtomicInteger()).incrementAndGet();
        }
        if (first && method.equals("pm_slow_once")) {
            sleep(3_000);
        }
        answer(exchange, 200, "{\"id\":\"" + intents.get(key) + "\",\"object\":\"payment_intent\",\"status\":\"succeeded\"}");
    }

    private void stats(HttpExchange exchange) throws IOException {
        var account = exchange.getRequestURI().getPath().substring("/stats/".length());
        answer(exchange, 200, requests.getOrDefault(account, new AtomicInteger()).get() + " "
                + charges.getOrDefault(account, new AtomicInteger()).get());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException closed) {
            // the client gave up waiting (the timeout case): the charge stands
        } finally {
            exchange.close();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
