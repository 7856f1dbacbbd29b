package io.tally.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A request body must arrive within {@code tally.http.body-timeout} of its headers, else the request is answered
 * 408 and its connection closed: a body sent a byte at a time would otherwise hold the connection for as long as
 * the client likes, since every byte resets the idle timeout. (Headers need no deadline of their own: the idle
 * timeout counts only decoded messages, so headers that do not complete within it close the connection.)
 * <p>
 * The deadlines are kept per event loop, not per request: a timer per request (set, then cancelled when the response
 * ended, with Vert.x's bookkeeping of timers and close hooks and an end handler) cost more (0.25 against 0.15 µs a
 * request, docs/benchmarks.md).
 * A request whose body is still to come when its headers are routed joins its event loop's list instead, and a
 * timer of that loop sweeps the whole list every {@link #SWEEP}: it drops the requests whose body has arrived or
 * whose response has ended or closed, and answers 408 to those past their deadline. So a deadline may be late by up
 * to one sweep, and a request stays reachable for at most one sweep after it is done (so that done requests do not
 * pile up and survive into the old generation). The timer runs only while its loop has requests pending. Everything
 * happens on the loop's own thread: no locks.
 */
@Singleton
class BodyDeadline {
    static final Duration SWEEP = Duration.ofMillis(100);

    static Problem problem(Duration timeout) {
        return Problem.of(408, "request-timeout", "Request timeout",
                "the request body did not arrive within " + timeout.toMillis() + " ms", null);
    }

    void install(@Observes Router router,
            @ConfigProperty(name = "tally.http.body-timeout", defaultValue = "10s") Duration timeout) {
        var body = Json.encode(problem(timeout));
        var loops = ThreadLocal.withInitial(() -> new Loop(timeout.toNanos(), body));
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            if (bodyPending(context.request())) {
                loops.get().await(context);
            }
            context.next();
        });
    }

    /** The requests of one event loop whose bodies are still to come, and the timer that sweeps them. */
    private static final class Loop {
        private final long timeoutNanos;
        private final String body;
        private final List<Pending> pending = new ArrayList<>();
        private boolean armed;

        Loop(long timeoutNanos, String body) {
            this.timeoutNanos = timeoutNanos;
            this.body = body;
        }

        void await(RoutingContext context) {
            pending.add(new Pending(context, System.nanoTime() + timeoutNanos));
            if (!armed) {
                arm();
            }
        }

        /** On the event loop's own context, not on the duplicated context of the request that happens to be here. */
        private void arm() {
            armed = true;
            ((ContextInternal) Vertx.currentContext()).unwrap().setTimer(SWEEP.toMillis(), timer -> sweep());
        }

        private void sweep() {
            long now = System.nanoTime();
            var overdue = new ArrayList<RoutingContext>(0);
            pending.removeIf(entry -> {
                if (entry.done()) {
                    return true;
                }
                if (now - entry.deadline() < 0) {
                    return false;
                }
                overdue.add(entry.context());
                return true;
            });
            armed = false;
            if (!pending.isEmpty()) {
                arm();
            }
            overdue.forEach(this::answer);
        }

        private void answer(RoutingContext context) {
            var connection = context.request().connection();
            if (context.response().headWritten()) { // too late for a 408: just end the connection
                connection.close();
                return;
            }
            context.response().setStatusCode(408)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body)
                    .onComplete(sent -> connection.close());
        }
    }

    private record Pending(RoutingContext context, long deadline) {
        boolean done() {
            var response = context.response();
            return response.ended() || response.closed() || !bodyPending(context.request());
        }
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
