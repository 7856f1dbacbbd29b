package io.tally.platform;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * DOWN while this replica's clock is more than {@code tally.clock.max-skew} from Redis's: it would give holds wrong
 * deadlines and judge carriers' webhook timestamps wrongly, so it takes no traffic until its clock is fixed. Unknown
 * (Redis unreachable) is left to the other checks: UP here.
 */
@Readiness
@Singleton
class RedisClockReadiness implements AsyncHealthCheck {
    private final RedisClock clock;

    RedisClockReadiness(RedisClock clock) {
        this.clock = clock;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return clock.skew()
                .map(skew -> HealthCheckResponse.named("clock").status(!clock.tooFar(skew))
                        .withData("skewMillis", skew.toMillis()).withData("maxSkewMillis", clock.maxSkew().toMillis())
                        .build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("clock").up()
                        .withData("skewMillis", "unknown").build());
    }
}
