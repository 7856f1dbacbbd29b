// The body deadline's cost on the event loop, old (a Vert.x timer per request, cancelled by an end handler) against
// new (platform.BodyDeadline: one sweep per event loop) and against a handler that only passes the request on (pass),
// in one JVM. Each variant is a Vert.x HTTP server of its own with one event loop and a router of two routes: the
// first calls the variant's handler TIMES (-Dtimes, 10) times per request (so that its cost stands out of the spread
// of a shared machine; the figures are divided by TIMES), the second reads the body and answers, as Quarkus REST
// does. A client on another Vert.x instance sends small JSON POSTs over keep-alive connections (WINDOW in flight).
// Measured: the server's event-loop thread CPU time per request (ThreadMXBean). Its system time, mostly the
// loopback's sends and receives, varies by a few µs from round to round on a loaded machine.
// Rounds alternate the variants' order; prints µs per request for each round, then the medians.
// Usage:
//   ./mvnw -B -q compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
//   CP="target/classes:$(cat target/cp.txt)"
//   javac -d target/body-deadline-cost -cp "$CP" load-tests/http/BodyDeadlineCost.java
//   java -cp "target/body-deadline-cost:$CP" BodyDeadlineCost [ROUNDS] [REQUESTS]
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextDecorator;
import io.vertx.ext.web.impl.RoutingContextInternal;

public class BodyDeadlineCost {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int WINDOW = 16;
    /** Each variant's handler runs this many times per request, so that its cost stands out of the rounds' spread. */
    static final int TIMES = Integer.getInteger("times", 10);
    static final Buffer BODY = Buffer.buffer("{\"account\":\"acme\",\"to\":\"+393471234567\",\"text\":\"hello\"}");
    static final String PROBLEM = "{\"status\":408}";

    record Server(String name, Vertx vertx, int port, long thread) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        var servers = List.of(
                server("pass", router -> router.route().handler(RoutingContext::next)),
                server("old", BodyDeadlineCost::installOld),
                server("new", BodyDeadlineCost::installNew));
        var clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        var client = clientVertx.createHttpClient(new PoolOptions().setHttp1MaxSize(WINDOW));
        for (var server : servers) { // warm-up
            for (int i = 0; i < 3; i++) {
                drive(clientVertx, client, server.port(), requests);
            }
        }
        var results = new LinkedHashMap<String, List<Double>>();
        servers.forEach(server -> results.put(server.name(), new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            var order = new ArrayList<>(servers);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            var line = new StringBuilder("round " + round + ":");
            for (var server : order) {
                double micros = measure(clientVertx, client, server, requests);
                results.get(server.name()).add(micros);
                line.append(String.format("  %s %.3f", server.name(), micros));
            }
            System.out.println(line + "  µs/request (server event-loop CPU)");
        }
        for (Map.Entry<String, List<Double>> entry : results.entrySet()) {
            System.out.printf("%s: median %.3f µs/request%n", entry.getKey(), median(entry.getValue()));
        }
        for (var name : List.of("old", "new")) {
            var extra = new ArrayList<Double>();
            for (int round = 0; round < rounds; round++) {
                extra.add(results.get(name).get(round) - results.get("pass").get(round));
            }
            System.out.printf("(%s - pass) / %d, same round: median %.3f µs per request and deadline%n", name, TIMES,
                    median(extra) / TIMES);
        }
        var saved = new ArrayList<Double>();
        for (int round = 0; round < rounds; round++) {
            saved.add(results.get("old").get(round) - results.get("new").get(round));
        }
        System.out.printf("(old - new) / %d, same round: median %.3f µs per request and deadline%n", TIMES,
                median(saved) / TIMES);
        System.exit(0);
    }

    static double median(List<Double> values) {
        var sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    static double measure(Vertx clientVertx, HttpClient client, Server server, int requests) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        long before = threads.getThreadCpuTime(server.thread());
        drive(clientVertx, client, server.port(), requests);
        long after = threads.getThreadCpuTime(server.thread());
        return (after - before) / 1000.0 / requests;
    }

    static Server server(String name, Consumer<Router> install) throws Exception {
        var vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        var router = Router.router(vertx);
        var deadline = capture(install);
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            var stay = new RoutingContextDecorator(context.currentRoute(), (RoutingContextInternal) context) {
                @Override
                public void next() {
                }
            };
            for (int i = 0; i < TIMES; i++) {
                deadline.handle(stay);
            }
            context.next();
        });
        router.post("/r").handler(context -> context.request().body()
                .onSuccess(body -> context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"id\":\"r-1\",\"held\":10000}")));
        var http = vertx.createHttpServer(new HttpServerOptions().setPort(0)).requestHandler(router).listen()
                .toCompletionStage().toCompletableFuture().get();
        var thread = new CompletableFuture<Long>();
        vertx.runOnContext(ignored -> thread.complete(Thread.currentThread().getId()));
        return new Server(name, vertx, http.actualPort(), thread.get());
    }

    /** The handler that {@code install} puts on a router's route. */
    @SuppressWarnings("unchecked")
    static Handler<RoutingContext> capture(Consumer<Router> install) {
        var handlers = new ArrayList<Handler<RoutingContext>>();
        var loader = BodyDeadlineCost.class.getClassLoader();
        var route = (Route) Proxy.newProxyInstance(loader, new Class<?>[] { Route.class }, (proxy, method, args) -> {
            if (method.getName().equals("handler")) {
                handlers.add((Handler<RoutingContext>) args[0]);
            }
            return proxy;
        });
        install.accept((Router) Proxy.newProxyInstance(loader, new Class<?>[] { Router.class },
                (proxy, method, args) -> method.getName().equals("route") ? route : null));
        return handlers.get(0);
    }

    static void installNew(Router router) {
        try {
            Class<?> type = Class.forName("io.tally.platform.BodyDeadline");
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            Method install = type.getDeclaredMethod("install", Router.class, Duration.class);
            install.setAccessible(true);
            install.invoke(constructor.newInstance(), router, TIMEOUT);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The timer per request that platform.BodyDeadline replaced, as it was. */
    static void installOld(Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            var request = context.request();
            if (bodyPending(request)) {
                long timer = context.vertx().setTimer(TIMEOUT.toMillis(), ignored -> {
                    if (bodyPending(request) && !context.response().ended()) {
                        context.response().setStatusCode(408)
                                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                                .putHeader(HttpHeaders.CONNECTION, "close")
                                .end(PROBLEM)
                                .onComplete(sent -> request.connection().close());
                    }
                });
                context.addEndHandler(ended -> context.vertx().cancelTimer(timer));
            }
            context.next();
        });
    }

    static boolean bodyPending(HttpServerRequest request) {
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

    /** Sends {@code requests} POSTs, {@link #WINDOW} at a time, and waits for their answers. */
    static void drive(Vertx clientVertx, HttpClient client, int port, int requests) throws InterruptedException {
        var sent = new AtomicInteger();
        var answered = new AtomicInteger();
        var failed = new AtomicInteger();
        var done = new CountDownLatch(1);
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (sent.getAndIncrement() >= requests) {
                return;
            }
            client.request(HttpMethod.POST, port, "localhost", "/r")
                    .compose(request -> request.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").send(BODY))
                    .compose(HttpClientResponse::body)
                    .onComplete(result -> {
                        if (result.failed()) {
                            failed.incrementAndGet();
                        }
                        if (answered.incrementAndGet() == requests) {
                            done.countDown();
                        } else {
                            next[0].run();
                        }
                    });
        };
        clientVertx.runOnContext(ignored -> {
            for (int i = 0; i < WINDOW; i++) {
                next[0].run();
            }
        });
        done.await();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " requests failed");
        }
    }
}
