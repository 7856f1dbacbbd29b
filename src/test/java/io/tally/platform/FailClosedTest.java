package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * When a backing store cannot be reached, money-moving calls fail fast with 503 and Retry-After (docs/design.md,
 * decision 4).
 */
class FailClosedTest {
    private final Vertx vertx = Vertx.vertx();
    private final ProblemMapper mapper = new ProblemMapper(new Outages(new SimpleMeterRegistry(), new MovableClock()));

    @AfterEach
    void close() {
        vertx.closeAndAwait();
    }

    @Test
    void aRefusedRedisConnectionIsAnsweredWith503AndRetryAfter() throws IOException {
        int deadPort;
        try (var socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        var client = Redis.createClient(vertx, RedisPipes.options("test-dead", "redis://127.0.0.1:" + deadPort, false));
        var pipes = new RedisPipes(client, Duration.ofSeconds(2));

        var failure = pipes.send(Request.cmd(Command.PING)).onItem().<Throwable> transform(ignored -> null)
                .onFailure().recoverWithItem(f -> f).await().atMost(Duration.ofSeconds(10));

        assertThat(failure).isNotNull();
        var response = mapper.unexpected(failure);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
    }

    @Test
    void aRedisCommandPastItsDeadlineIs503() {
        assertThat(mapper.unexpected(new TimeoutException("Redis did not answer")).getStatus())
                .isEqualTo(503);
    }

    @Test
    void aBugIsA500WithAnIncidentAndNoStackTrace() {
        var response = mapper.unexpected(new IllegalStateException("secret internals"));
        assertThat(response.getStatus()).isEqualTo(500);
        var problem = (Problem) response.getEntity();
        assertThat(problem.detail()).contains("incident").doesNotContain("secret internals");
    }
}
