package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

/** The labels of limit periods: days and ISO weeks in the account's zone, the month as given. */
class LimitPeriodTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Test
    void aDayIsTheDateInTheAccountsZone() {
        var lateUtc = Instant.parse("2026-03-10T23:30:00Z");
        assertThat(LimitPeriod.DAY.label(lateUtc, ZoneId.of("UTC"), "2026-03")).isEqualTo("2026-03-10");
        assertThat(LimitPeriod.DAY.label(lateUtc, ROME, "2026-03")).isEqualTo("2026-03-11");
    }

    @Test
    void aWeekStartsOnMondayInTheZoneAndBelongsToItsIsoYear() {
        // Sunday 8 March 2026, 23:30 UTC, is Monday 9 March in Rome: week 11 there, week 10 in UTC
        var sundayNight = Instant.parse("2026-03-08T23:30:00Z");
        assertThat(LimitPeriod.WEEK.label(sundayNight, ZoneId.of("UTC"), "2026-03")).isEqualTo("2026-W10");
        assertThat(LimitPeriod.WEEK.label(sundayNight, ROME, "2026-03")).isEqualTo("2026-W11");
        // 1 January 2027 is a Friday: it is in week 53 of 2026
        assertThat(LimitPeriod.WEEK.label(Instant.parse("2027-01-01T12:00:00Z"), ROME, "2027-01"))
                .isEqualTo("2026-W53");
    }

    @Test
    void aMonthIsTheLimitMonthTheCallerGives() {
        assertThat(LimitPeriod.MONTH.label(Instant.parse("2026-04-02T00:00:00Z"), ROME, "2026-03"))
                .isEqualTo("2026-03");
    }
}
