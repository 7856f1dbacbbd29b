package io.tally.platform;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Test-only routes that answer after {@link #DELAY_MS}, slower than the body deadline, as an operator's rebuild of a
 * large account may: {@code POST /test/slow-answer} never reads a body (its requests have none), {@code POST
 * /test/slow-answer-after-body} reads the body first (the router paused the request) unless a body handler did, as
 * Quarkus REST does for an endpoint that takes one.
 */
@Singleton
class SlowAnswerRoute {
    static final long DELAY_MS = 1_500;

    void install(@Observes Router router) {
        router.post("/test/slow-answer").handler(SlowAnswerRoute::answerLater);
        router.post("/test/slow-answer-after-body").handler(context -> {
            var request = context.request();
            if (request.isEnded()) {
                answerLater(context);
            } else {
                request.body().onSuccess(body -> answerLater(context));
                request.resume();
            }
        });
    }

    private static void answerLater(RoutingContext context) {
        context.vertx().setTimer(DELAY_MS, ignored -> context.response().setStatusCode(200).end("done"));
    }
}
