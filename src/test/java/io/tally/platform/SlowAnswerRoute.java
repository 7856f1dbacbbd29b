package io.tally.platform;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.ext.web.Router;

/**
 * A test-only route that answers {@code POST /test/slow-answer} after {@link #DELAY_MS}, as an operator's rebuild of
 * a large account may: slower than the body deadline, with a request that has no body.
 */
@Singleton
class SlowAnswerRoute {
    static final long DELAY_MS = 1_500;

    void install(@Observes Router router) {
        router.post("/test/slow-answer").handler(context -> context.vertx().setTimer(DELAY_MS,
                ignored -> context.response().setStatusCode(200).end("done")));
    }
}
