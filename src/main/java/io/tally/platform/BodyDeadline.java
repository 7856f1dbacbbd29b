package io.tally.platform;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpHeaders;
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
            if (!request.isEnded()) {
                long timer = context.vertx().setTimer(timeout.toMillis(), ignored -> {
                    if (!request.isEnded() && !context.response().ended()) {
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
}
