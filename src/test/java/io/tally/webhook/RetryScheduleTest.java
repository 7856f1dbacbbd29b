package io.tally.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {
    private static final List<Duration> DEFAULT = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10),
            Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(10), Duration.ofHours(10),
            Duration.ofHours(10));
    private static final RetrySchedule SCHEDULE = new RetrySchedule(DEFAULT, 0.2, Duration.ofHours(24));
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void theDefaultScheduleSpansAboutThreeDays() {
        var total = DEFAULT.stream().reduce(Duration.ZERO, Duration::plus);

        assertThat(total).isBetween(Duration.ofHours(60), Duration.ofHours(78));
        assertThat(SCHEDULE.attempts()).isEqualTo(12);
    }

    @ParameterizedTest(name = "after attempt {0}, random {1}: {2}")
    @CsvSource({ "1, 0.5, PT5S", "1, 0.0, PT4S", "1, 0.99999, PT6S", "2, 0.5, PT5M", "6, 0.5, PT10H",
            "11, 0.5, PT10H" })
    void eachFailureWaitsItsDelayWithinTheJitter(int attempt, double random, String wait) {
        assertThat(SCHEDULE.next(attempt, Optional.empty(), random)).contains(Duration.parse(wait));
    }

    @Test
    void afterTheLastDelayTheDeliveryHasFailed() {
        assertThat(SCHEDULE.next(12, Optional.empty(), 0.5)).isEmpty();
        assertThat(SCHEDULE.next(0, Optional.empty(), 0.5)).isEmpty();
    }

    @Test
    void retryAfterIsHonouredWhenLongerAndCapped() {
        assertThat(SCHEDULE.next(1, Optional.of(Duration.ofSeconds(120)), 0.5)).contains(Duration.ofSeconds(120));
        assertThat(SCHEDULE.next(2, Optional.of(Duration.ofSeconds(1)), 0.5)).contains(Duration.ofMinutes(5));
        assertThat(SCHEDULE.next(1, Optional.of(Duration.ofDays(30)), 0.5)).contains(Duration.ofHours(24));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "120, PT2M", "0, PT0S", "'Tue, 01 Dec 2026 10:01:30 GMT', PT1M30S",
            "'Tue, 01 Dec 2026 09:00:00 GMT', PT0S" })
    void retryAfterIsSecondsOrAnHttpDate(String header, String expected) {
        assertThat(RetrySchedule.retryAfter(header, NOW)).contains(Duration.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "soon", "-5", "''" })
    void anUnreadableRetryAfterIsIgnored(String header) {
        assertThat(RetrySchedule.retryAfter(header, NOW)).isEmpty();
    }

    @Test
    void aReceiverAnswerDecidesWhatFollows() {
        assertThat(AttemptOutcome.of(1, 204, Optional.empty(), SCHEDULE, 0.5, NOW))
                .isEqualTo(new AttemptOutcome("delivered", null, false));
        assertThat(AttemptOutcome.of(1, 410, Optional.empty(), SCHEDULE, 0.5, NOW))
                .isEqualTo(new AttemptOutcome("failed", null, true));
        assertThat(AttemptOutcome.of(1, 302, Optional.empty(), SCHEDULE, 0.5, NOW))
                .isEqualTo(new AttemptOutcome("pending", NOW.plusSeconds(5), false));
        assertThat(AttemptOutcome.of(2, null, Optional.empty(), SCHEDULE, 0.5, NOW))
                .isEqualTo(new AttemptOutcome("pending", NOW.plus(Duration.ofMinutes(5)), false));
        assertThat(AttemptOutcome.of(12, 500, Optional.empty(), SCHEDULE, 0.5, NOW))
                .isEqualTo(new AttemptOutcome("failed", null, false));
    }
}
