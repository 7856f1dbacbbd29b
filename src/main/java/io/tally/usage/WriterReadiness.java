package io.tally.usage;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the oldest ledger event not yet in PostgreSQL is older than {@code tally.usage.writer.readiness-lag}
 * (as last measured by the {@link StreamMonitor}). The lag is shared by all replicas (they share the streams), so
 * every replica reports it: set the threshold with that in mind (docs/usage.md "Readiness").
 */
@Readiness
@Singleton
class WriterReadiness implements HealthCheck {
    private final StreamMonitor monitor;
    private final UsageConfig.Writer config;

    WriterReadiness(StreamMonitor monitor, UsageConfig usage) {
        this.monitor = monitor;
        this.config = usage.writer();
    }

    @Override
    public HealthCheckResponse call() {
        var last = monitor.last();
        boolean lagging = last.lag().compareTo(config.readinessLag()) > 0;
        return HealthCheckResponse.named("usage-writer")
                .status(!config.enabled() || !lagging)
                .withData("lagSeconds", last.lag().toSeconds())
                .withData("pending", last.pending())
                .withData("streamLength", last.length())
                .withData("measuredAt", last.at().toString())
                .build();
    }
}
