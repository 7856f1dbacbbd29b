package io.tally.usage;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tally.usage")
public interface UsageConfig {
    Writer writer();

    public interface Writer {
        /** Whether this replica writes usage (every replica joins the consumer group by default). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("usage-writer")
        String group();

        /** This replica's consumer name; default: the host name (the pod's) and a random suffix. */
        Optional<String> consumer();

        /**
         * Loops per replica, each over its own share of the partitions, writing side by side (one PostgreSQL
         * connection each).
         */
        @WithDefault("2")
        int lanes();

        /**
         * Whether each batch also adds its records to the daily rollups and totals (docs/reports.md), in the same
         * statement. A switch for benchmarks and emergencies only: while it is off, the reports miss every record
         * written, until the accounts written meanwhile are rebuilt once it is on again.
         */
        @WithDefault("true")
        boolean rollups();

        /** Most events in one PostgreSQL transaction; a lane holds at most this plus one per partition. */
        @WithDefault("2000")
        int batchSize();

        /** Longest an event waits in memory for its batch to fill. */
        @WithDefault("50ms")
        Duration batchTime();

        /** How long the writer waits before it looks again when the streams had nothing new. */
        @WithDefault("50ms")
        Duration pollInterval();

        /** Pending entries idle this long (their consumer died or is stuck) are claimed by another consumer. */
        @WithDefault("30s")
        Duration claimIdle();

        @WithDefault("5s")
        Duration claimInterval();

        /** How long the writer waits before it retries a batch PostgreSQL refused or did not take. */
        @WithDefault("1s")
        Duration retryBackoff();

        /** How often the backlog is measured and the streams trimmed. */
        @WithDefault("5s")
        Duration monitorInterval();

        /** Written entries younger than this stay in the stream (for tails and inspection); 0 trims at once. */
        @WithDefault("1m")
        Duration retention();

        /** A consumer with nothing pending that has not read for this long is removed from the group. */
        @WithDefault("1h")
        Duration consumerIdle();

        /** Readiness turns DOWN when the oldest unwritten event is older than this. */
        @WithDefault("2m")
        Duration readinessLag();

        /**
         * Readiness turns DOWN when the last backlog measurement is older than this (the monitor cannot measure, so
         * the backlog is unknown).
         */
        @WithDefault("30s")
        Duration readinessStale();

        /** How long a replica that is shutting down waits for its batch to be written and acknowledged. */
        @WithDefault("20s")
        Duration drainTimeout();
    }
}
