package io.tally.platform;

import java.time.Duration;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * DOWN while Redis refuses writes: at {@code maxmemory} with {@code noeviction}, after a failed RDB save
 * ({@code MISCONF}), or on a read-only replica. PING still answers then, so the Redis client's own check stays UP
 * while every money movement is refused; this one writes a short-lived key ({@value #KEY}) on the hot path's
 * connection, as the money movements do.
 */
@Readiness
@Singleton
class RedisWritesReadiness implements AsyncHealthCheck {
    static final String KEY = "tally:readiness";
    private static final Duration KEPT = Duration.ofMinutes(1);

    private final RedisPipes redis;

    RedisWritesReadiness(RedisPipes redis) {
        this.redis = redis;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return redis.send(Request.cmd(Command.SET).arg(KEY).arg("1").arg("PX").arg(KEPT.toMillis()))
                .map(ignored -> HealthCheckResponse.named("redis-writes").up().build())
                .onFailure().recoverWithItem(failure -> {
                    var down = HealthCheckResponse.named("redis-writes").down();
                    Unavailable.classify(failure).ifPresentOrElse(
                            outage -> down.withData("kind", outage.kind()),
                            () -> down.withData("kind", "error"));
                    return down.withData("error", String.valueOf(failure.getMessage())).build();
                });
    }
}
