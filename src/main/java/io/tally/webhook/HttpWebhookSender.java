package io.tally.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.net.SocketAddress;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;

/**
 * Posts one delivery, signed as the Standard Webhooks specification says, to the address its URL's host resolved to
 * and passed the check just now (so a name re-pointed inside after the check is not followed), with the URL's host in
 * {@code Host} and TLS SNI. Redirects are not followed; the answer's body is not read.
 */
@Singleton
class HttpWebhookSender {
    static final String USER_AGENT = "Tally-Webhooks/1";

    private final WebClient client;
    private final TargetResolver resolver;
    private final Clock clock;
    private final Duration timeout;

    HttpWebhookSender(Vertx vertx, TargetResolver resolver, Clock clock, WebhookConfig config) {
        this.timeout = config.timeout();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) timeout.toMillis())
                .setUserAgent(USER_AGENT)
                .setKeepAlive(false));
        this.resolver = resolver;
        this.clock = clock;
    }

    /** What a send got: the status and {@code Retry-After} of an answer, or why there was none. */
    record Answer(Integer status, Optional<String> retryAfter, String error, long latencyMs) {
    }

    Uni<Answer> send(DeliveryRepository.Due due) {
        long started = System.nanoTime();
        return resolver.resolve(due.url())
                .chain(resolved -> resolved.decision().address().isEmpty()
                        ? Uni.createFrom().item(new Answer(null, Optional.empty(), resolved.decision().refusal(), 0))
                        : post(due, resolved))
                .onFailure().recoverWithItem(failure -> new Answer(null, Optional.empty(), describe(failure), 0))
                .map(answer -> new Answer(answer.status(), answer.retryAfter(), answer.error(),
                        (System.nanoTime() - started) / 1_000_000));
    }

    private Uni<Answer> post(DeliveryRepository.Due due, TargetResolver.Resolved resolved) {
        var target = resolved.target();
        var address = resolved.decision().address().orElseThrow();
        var body = due.payload().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        var options = new RequestOptions()
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.pathAndQuery())
                .setFollowRedirects(false);
        return client.request(HttpMethod.POST, SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()),
                options)
                .followRedirects(false)
                .timeout(timeout.toMillis())
                .putHeader("content-type", "application/json")
                .putHeader("webhook-id", due.alert())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature",
                        WebhookSecrets.signature(due.secrets(), due.alert(), timestamp, body, clock.instant()))
                .as(BodyCodec.none())
                .sendBuffer(Buffer.buffer(body))
                .ifNoItem().after(timeout.plusSeconds(1)).fail()
                .map(HttpWebhookSender::answer);
    }

    private static Answer answer(HttpResponse<Void> response) {
        int status = response.statusCode();
        var error = status >= 200 && status < 300 ? null : "answered " + status;
        return new Answer(status, Optional.ofNullable(response.getHeader("retry-after")), error, 0);
    }

    private static String describe(Throwable failure) {
        var message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.length() > 300 ? message.substring(0, 300) : message;
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
