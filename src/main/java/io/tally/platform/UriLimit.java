package io.tally.platform;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;

/**
 * A request URI longer than {@value #MAX_LENGTH} characters is refused with a 414 problem. Vert.x's own limit on
 * the request line ({@code quarkus.http.limits.max-initial-line-length}) is set higher, at 16 KiB: a line over it
 * is refused by Vert.x before any route sees it, with a bare 414.
 */
@Singleton
class UriLimit {
    static final int MAX_LENGTH = 4096;
    private static final String PROBLEM = Json.encode(Problem.of(414, "uri-too-long", "URI too long",
            "the request URI exceeds " + MAX_LENGTH + " characters", null));

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            if (context.request().uri().length() > MAX_LENGTH) {
                context.response().setStatusCode(414)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(PROBLEM);
                return;
            }
            context.next();
        });
    }
}
