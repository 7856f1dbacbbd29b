package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The readiness rule on a backlog measurement: its lag, and its age (an old measurement is no measurement). */
class SnapshotTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @ParameterizedTest(name = "lag {0} s measured {1} s ago: {2}")
    @CsvSource(nullValues = "UP", value = {
            "0,     0,  UP",
            "120,   1,  UP",
            "121,   1,  lag over PT2M",
            "0,     30, UP",
            "0,     31, measurement older than PT30S",
            "300,   31, measurement older than PT30S",
            "0,     600, measurement older than PT30S",
    })
    void readinessJudgesTheLagAndTheAgeOfTheMeasurement(long lagSeconds, long ageSeconds, String down) {
        var snapshot = new StreamMonitor.Snapshot(NOW.minusSeconds(ageSeconds), 10, 2, Duration.ZERO,
                Duration.ofSeconds(lagSeconds), 1);
        assertThat(snapshot.down(NOW, Duration.ofMinutes(2), Duration.ofSeconds(30)))
                .isEqualTo(Optional.ofNullable(down));
    }
}
