package io.tally.usage;

import java.time.Clock;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the oldest ledger event not yet in PostgreSQL is older than {@code tally.usage.writer.readiness-lag}, or
 * when the last measurement of the {@link StreamMonitor} is older than {@code tally.usage.writer.readiness-stale}
 * (the backlog is then unknown). The lag is shared by all replicas (they share the streams), so every replica reports
 * it: set the threshold with that in mind (docs/usage.md "Readiness").
 */
@Readiness
@Singleton
class WriterReadiness implements HealthCheck {
    private final StreamMonitor monitor;
    private final UsageConfig.Writer config;
    private final Clock clock;

    WriterReadiness(StreamMonitor monitor, UsageConfig usage, Clock clock) {
        this.monitor = monitor;
        this.config = usage.writer();
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        var last = monitor.last();
        var down = config.enabled() ? last.down(clock.instant(), config.readinessLag(), config.readinessStale())
                : Optional.<String> empty();
        var response = HealthCheckResponse.named("usage-writer")
                .status(down.isEmpty())
                .withData("lagSeconds", last.lag().toSeconds())
                .withData("pending", last.pending())
                .withData("streamLength", last.length())
                .withData("measuredAt", last.at().toString());
        down.ifPresent(reason -> response.withData("down", reason));
        return response.build();
    }
}
