package io.tally.platform;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/**
 * A request body must arrive within {@code tally.http.body-timeout} of its headers, else the request is answered
 * 408 and its connection closed: a body sent a byte at a time would otherwise hold the connection for as long as
 * the client likes, since every byte resets the idle timeout. (Headers need no deadline of their own: the idle
 * timeout counts only decoded messages, so headers that do not complete within it close the connection.)
 */
@Singleton
class BodyDeadline {
    static Problem problem(Duration timeout) {
        return Problem.of(408, "request-timeout", "Request timeout",
                "the request body did not arrive within " + timeout.toMillis() + " ms", null);
    }

    void install(@Observes Router router,
            @ConfigProperty(name = "tally.http.body-timeout", defaultValue = "10s") Duration timeout) {
        var body = Json.encode(problem(timeout));
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            var request = context.request();
            if (bodyPending(request)) {
                long timer = context.vertx().setTimer(timeout.toMillis(), ignored -> {
                    if (bodyPending(request) && !context.response().ended()) {
                        context.response().setStatusCode(408)
                                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                                .putHeader(HttpHeaders.CONNECTION, "close")
                                .end(body)
                                .onComplete(sent -> request.connection().close());
                    }
                });
                context.addEndHandler(ended -> context.vertx().cancelTimer(timer));
            }
            context.next();
        });
    }

    /**
     * Whether the request still has body bytes to come. An HTTP/1.1 request without {@code Content-Length} and
     * {@code Transfer-Encoding} has no body; it may stay un-ended while a handler that never reads it works, for as
     * long as the handler takes, and must not be answered 408 for that. HTTP/2 frames end the stream instead: there
     * the request's end is the answer.
     */
    private static boolean bodyPending(HttpServerRequest request) {
        if (request.isEnded()) {
            return false;
        }
        if (request.version() != HttpVersion.HTTP_1_0 && request.version() != HttpVersion.HTTP_1_1) {
            return true;
        }
        var length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return request.bytesRead() < Long.parseLong(length.trim());
            } catch (NumberFormatException malformed) {
                return true;
            }
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }
}
