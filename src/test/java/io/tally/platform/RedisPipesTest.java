package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

@QuarkusTest
class RedisPipesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RedisPipes pipes;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "tally.redis.url")
    String redisUrl;

    @Test
    void manyConcurrentCommandsFromEventLoopsShareOneConnectionPerLoop() throws Exception {
        int before = pipes.connectionCount();
        var futures = new ArrayList<CompletableFuture<Long>>();
        for (int loop = 0; loop < 2; loop++) {
            var context = vertx.getDelegate().getOrCreateContext();
            var done = new CompletableFuture<Void>();
            context.runOnContext(ignored -> {
                IntStream.range(0, 500).forEach(i -> futures.add(pipes.send(Request.cmd(Command.INCR).arg("pipes:n"))
                        .map(response -> response.toLong())
                        .subscribeAsCompletionStage()));
                done.complete(null);
            });
            done.get();
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
        var counts = futures.stream().map(CompletableFuture::join).sorted().toList();
        assertThat(counts).hasSize(1000).doesNotHaveDuplicates();
        assertThat(pipes.connectionCount()).isBetween(1, before + 2);
    }

    /**
     * The request scope lives in the Vert.x duplicated context of the request (context propagation is off), so a
     * reply must come back on the context that sent the command, not on the connection's own.
     */
    @Test
    void repliesArriveOnTheDuplicatedContextThatSentTheCommand() throws Exception {
        for (int request = 0; request < 3; request++) {
            var duplicated = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
            var answeredOn = new CompletableFuture<Context>();
            duplicated.runOnContext(ignored -> ping(pipes, answeredOn));
            assertThat(answeredOn.get()).isSameAs(duplicated);
        }
    }

    /** The same while the event loop's connection is still being opened: each waiter is answered on its own. */
    @Test
    void repliesWhileConnectingArriveOnEachSendersContext() throws Exception {
        var fresh = RedisPipes.open(vertx, "test-fresh", redisUrl, false, WAIT);
        try {
            var loop = vertx.getDelegate().getOrCreateContext();
            var senders = new ArrayList<Context>();
            var answeredOn = new ArrayList<CompletableFuture<Context>>();
            for (int request = 0; request < 4; request++) {
                senders.add(VertxContext.createNewDuplicatedContext(loop));
                answeredOn.add(new CompletableFuture<>());
            }
            loop.runOnContext(ignored -> {
                for (int request = 0; request < senders.size(); request++) {
                    var answer = answeredOn.get(request);
                    ((io.vertx.core.impl.ContextInternal) senders.get(request)).dispatch(() -> ping(fresh, answer));
                }
            });
            for (int request = 0; request < senders.size(); request++) {
                assertThat(answeredOn.get(request).get()).as("request " + request).isSameAs(senders.get(request));
            }
        } finally {
            fresh.close();
        }
    }

    /** Sends a PING and completes {@code answeredOn} with the context its reply arrived on. */
    private static void ping(RedisPipes pipes, CompletableFuture<Context> answeredOn) {
        pipes.send(Request.cmd(Command.PING))
                .subscribe().with(response -> answeredOn.complete(Vertx.currentContext().getDelegate()),
                        answeredOn::completeExceptionally);
    }

    @Test
    void theClientViewAnswersANilReplyAsNull() throws Exception {
        var reply = pipes.asClient().send(Request.cmd(Command.GET).arg("pipes:never-written"))
                .subscribeAsCompletionStage().toCompletableFuture();
        assertThat(reply.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                .as("a nil reply completes, rather than leaving the caller to its timeout").isNull();
    }

    @Test
    void reconnectsAfterTheServerDropsTheConnection() {
        pipes.send(Request.cmd(Command.PING)).await().atMost(WAIT);
        pipes.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("normal"))
                .onFailure().recoverWithNull().await().atMost(WAIT);

        var answer = Uni.createFrom().deferred(() -> pipes.send(Request.cmd(Command.PING)))
                .onFailure().retry().withBackOff(Duration.ofMillis(50)).atMost(20)
                .await().atMost(WAIT);

        assertThat(answer.toString()).isEqualTo("PONG");
    }
}
