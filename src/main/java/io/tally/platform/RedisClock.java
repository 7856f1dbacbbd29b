package io.tally.platform;

import java.time.Clock;
import java.time.Duration;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * How far this replica's {@link Clock} is from Redis's ({@code TIME}), the one clock every replica shares. Deadlines
 * and expiries are judged by each replica's own clock (docs/operations.md, "Clock skew"), so a replica too far off
 * ({@code tally.clock.max-skew}) stops sweeping ({@code Sweeper}) and is not ready ({@link RedisClockReadiness}).
 */
@Singleton
public class RedisClock {
    private final RedisPipes redis;
    private final Clock clock;
    private final Duration maxSkew;

    public RedisClock(RedisPipes redis, Clock clock,
            @ConfigProperty(name = "tally.clock.max-skew", defaultValue = "30s") Duration maxSkew) {
        this.redis = redis;
        this.clock = clock;
        this.maxSkew = maxSkew;
    }

    /** This replica's clock less Redis's, Redis's read as taken halfway through the round trip. */
    public Uni<Duration> skew() {
        return Uni.createFrom().deferred(() -> {
            long sent = clock.millis();
            return redis.send(Request.cmd(Command.TIME)).map(time -> {
                long redisMillis = time.get(0).toLong() * 1000 + time.get(1).toLong() / 1000;
                return Duration.ofMillis((sent + clock.millis()) / 2 - redisMillis);
            });
        });
    }

    /** Whether a skew is beyond {@code tally.clock.max-skew}, either way. */
    public boolean tooFar(Duration skew) {
        return skew.abs().compareTo(maxSkew) > 0;
    }

    public Duration maxSkew() {
        return maxSkew;
    }
}
