package io.tally.platform;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/**
 * Bodies above {@code quarkus.http.limits.max-body-size} (64 KiB by default) are refused with 413 before they
 * are read: up front when Content-Length says so, and by Quarkus while reading a chunked body. Both answer a
 * problem document.
 */
@Singleton
class BodyLimit {
    static Problem problem() {
        return Problem.of(413, "body-too-large", "Body too large",
                "the request body exceeds the configured limit", null);
    }

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "64K") io.quarkus.runtime.configuration.MemorySize limit) {
        long max = limit.asLongValue();
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            var length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, max)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(Json.encode(problem()));
                return;
            }
            context.next();
        });
        router.errorHandler(413, context -> context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem())));
    }

    private static boolean exceeds(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
