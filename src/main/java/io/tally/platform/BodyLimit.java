package io.tally.platform;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Bodies above {@code quarkus.http.limits.max-body-size} (64 KiB by default) are refused with a 413 problem: up
 * front when Content-Length says so, and while reading a chunked HTTP/1.1 body, which is read here, to the limit,
 * before Quarkus REST sees it (its own reader would answer an empty 413 and fail the request with a stack trace).
 */
@Singleton
class BodyLimit {
    static Problem problem() {
        return Problem.of(413, "body-too-large", "Body too large",
                "the request body exceeds the configured limit", null);
    }

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "64K") MemorySize limit) {
        long max = limit.asLongValue();
        var readToTheLimit = BodyHandler.create(false).setBodyLimit(max);
        // After BodyDeadline (Integer.MIN_VALUE + 1): a chunked body read here is still under the body deadline.
        router.route().order(Integer.MIN_VALUE + 2).handler(context -> {
            var length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, max)) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(Json.encode(problem()));
                return;
            }
            if (length == null && mayHaveBody(context.request())) {
                readToTheLimit.handle(context);
                return;
            }
            context.next();
        });
        // A failure handler, not Router.errorHandler: Quarkus's own failure handler would answer first, empty.
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.response().ended() && context.failure() instanceof HttpClosedException) {
                return; // BodyDeadline answered 408 and closed the connection while a chunked body was read here
            }
            if (context.statusCode() != 413 || context.response().ended()) {
                context.next();
                return;
            }
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Json.encode(problem()));
        });
    }

    /**
     * An HTTP/1.1 chunked body still to come. (HTTP/2 bodies of unknown length are left to Quarkus REST, which
     * cannot take a body read ahead of it over HTTP/2.)
     */
    private static boolean mayHaveBody(HttpServerRequest request) {
        return !request.isEnded() && request.version() != HttpVersion.HTTP_2
                && request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }

    private static boolean exceeds(String contentLength, long max) {
        try {
            return Long.parseLong(contentLength.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
