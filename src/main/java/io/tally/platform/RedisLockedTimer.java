package io.tally.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * A job that one replica runs every interval: at each tick the replica that sets the Redis lock first (SET NX, expiring
 * a second before the next tick) runs it, the others skip; a run still going on this replica skips the tick too.
 * A failed run is logged and tried again at a later tick.
 */
public final class RedisLockedTimer {
    private static final Logger LOG = Logger.getLogger(RedisLockedTimer.class);

    private final Vertx vertx;
    private final RedisPipes redis;
    private final Clock clock;
    private final String lock;
    private final Duration interval;
    private final Supplier<Uni<?>> job;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    /** @param lock the Redis key every replica competes for, e.g. {@code tally:statements:mailer} */
    public RedisLockedTimer(Vertx vertx, RedisPipes redis, Clock clock, String lock, Duration interval,
            Supplier<Uni<?>> job) {
        this.vertx = vertx;
        this.redis = redis;
        this.clock = clock;
        this.lock = lock;
        this.interval = interval;
        this.job = job;
    }

    public void start() {
        timer = vertx.setPeriodic(interval.toMillis(), ignored -> tick());
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        lock()
                .chain(taken -> taken ? job.get().replaceWithVoid() : Uni.createFrom().voidItem())
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(done -> {
                }, failure -> LOG.warnf("Run of %s failed: %s", lock, failure.toString()));
    }

    /** SET NX with the interval as expiry: the first replica of each interval runs. */
    private Uni<Boolean> lock() {
        return redis.send(Request.cmd(Command.SET).arg(lock).arg(Long.toString(clock.millis())).arg("NX").arg("PX")
                .arg(Math.max(1, interval.toMillis() - 1000)))
                .map(reply -> reply != null);
    }
}
