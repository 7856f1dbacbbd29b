package io.tally.alert;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Alerts: the SSE streams and the writer of the history (docs/alerts.md). */
@ConfigMapping(prefix = "tally.alerts")
public interface AlertConfig {
    /** How often an open SSE stream gets a keep-alive comment. */
    @WithDefault("20s")
    Duration keepAlive();

    /** Open SSE streams per account on one replica; one more is answered 429. */
    @WithDefault("20")
    int maxStreamsPerAccount();

    /** Alerts queued for one SSE client that does not read; one more and it is dropped. */
    @WithDefault("1000")
    int clientBuffer();

    /** How long the replica's stream reader waits in one XREAD for new alerts. */
    @WithDefault("1s")
    Duration readBlock();

    /** Whether this replica reads the alert streams (SSE) and writes the alert history (PostgreSQL). */
    @WithDefault("true")
    boolean enabled();

    /** Alerts written to PostgreSQL per batch. */
    @WithDefault("500")
    int writerBatch();

    /** How long an alert may stay pending with a dead writer before another replica claims it. */
    @WithDefault("30s")
    Duration claimIdle();

    /** The hourly spending-anomaly evaluator (docs/alerts.md "Spending anomaly"). */
    Anomalies anomaly();

    interface Anomalies {
        /** How often one replica (a Redis lock) looks for accounts whose last hour has not been evaluated. */
        @WithDefault("5m")
        Duration interval();

        /** How long after an hour ends it is evaluated: the usage writer's records of it have arrived by then. */
        @WithDefault("5m")
        Duration grace();

        /** The modified z-score an hour must exceed. */
        @WithDefault("3.5")
        double zScore();

        /** Credits above the baseline an hour must exceed. */
        @WithDefault("10")
        long absoluteFloor();

        /** Percent above the baseline an hour must exceed. */
        @WithDefault("50")
        double percentFloor();

        /**
         * After a downtime, how far back hours not evaluated yet are still evaluated (oldest first, each once); older
         * ones are skipped. An account evaluated never before gets only its last complete hour.
         */
        @WithDefault("24h")
        Duration catchUp();

        /** Previous weeks of the same hour the baseline looks at. */
        @WithDefault("8")
        int weeks();
    }
}
