package io.tally.payment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

/**
 * A payment API shaped like a Stripe PaymentIntent created and confirmed at once: {@code POST <url>} with an
 * {@code Idempotency-Key} header and a JSON body ({@code amount}, {@code currency}, {@code payment_method},
 * {@code confirm: true}, {@code metadata}); a 2xx answer's {@code status} {@code succeeded} is a charge (its
 * {@code id} the reference), {@code processing} or {@code requires_action} not yet known, anything else declined;
 * a 4xx is declined (its {@code error.message} the reason); a 5xx, a timeout or a lost connection is unknown. The
 * provider answers a repeated key with the first outcome, so asking again never charges twice.
 */
class HttpPaymentProvider implements PaymentProvider {
    private final HttpClient client;
    private final URI url;
    private final Optional<String> secret;
    private final Duration timeout;
    private final ObjectMapper json;

    HttpPaymentProvider(URI url, Optional<String> secret, Duration timeout, ObjectMapper json) {
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
        this.json = json;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Uni<PaymentResult> charge(PaymentRequest request) {
        HttpRequest http;
        try {
            var builder = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", request.idempotencyKey())
                    .POST(HttpRequest.BodyPublishers.ofString(body(request)));
            secret.ifPresent(s -> builder.header("Authorization", "Bearer " + s));
            http = builder.build();
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return Uni.createFrom().completionStage(() -> client.sendAsync(http, HttpResponse.BodyHandlers.ofString()))
                .map(this::result)
                .onFailure().recoverWithItem(e -> new PaymentResult.Unknown(e.toString()));
    }

    private String body(PaymentRequest request) throws JsonProcessingException {
        return json.writeValueAsString(Map.of(
                "amount", request.amountMinor(),
                "currency", request.currency().toLowerCase(Locale.ROOT),
                "payment_method", request.paymentMethod(),
                "confirm", true,
                "description", request.description(),
                "metadata", Map.of("account", request.account(), "payment", request.idempotencyKey())));
    }

    private PaymentResult result(HttpResponse<String> response) {
        int status = response.statusCode();
        var body = read(response.body());
        if (status >= 500 || status == 409 || status == 429) {
            return new PaymentResult.Unknown("provider answered " + status);
        }
        if (status >= 400) {
            return new PaymentResult.Declined(body.path("error").path("message").asText("refused (" + status + ")"));
        }
        var state = body.path("status").asText("");
        return switch (state) {
            case "succeeded" -> new PaymentResult.Succeeded(body.path("id").asText(""));
            case "processing", "requires_action", "requires_confirmation", "" -> new PaymentResult.Unknown(
                    "payment " + (state.isEmpty() ? "without a status" : state));
            default -> new PaymentResult.Declined("payment " + state);
        };
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }
}
