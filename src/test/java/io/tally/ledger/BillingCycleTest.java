package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Billing cycle boundaries in the account's zone: month ends, years, DST. */
class BillingCycleTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @ParameterizedTest(name = "anchor 31 Jan, boundary {0} -> {1}")
    @CsvSource({
            "0, 2026-01-31T00:00:00Z",
            "1, 2026-02-28T00:00:00Z",
            "2, 2026-03-31T00:00:00Z",
            "3, 2026-04-30T00:00:00Z",
            "13, 2027-02-28T00:00:00Z",
            "25, 2028-02-29T00:00:00Z",
            "-2, 2025-11-30T00:00:00Z" })
    void anAnchorOnThe31stFallsOnTheLastDayOfShorterMonths(long k, String boundary) {
        var cycle = new BillingCycle(Instant.parse("2026-01-31T00:00:00Z"), BillingCycle.Period.MONTHLY,
                ZoneOffset.UTC);
        assertThat(cycle.boundary(k, 1)).isEqualTo(Instant.parse(boundary));
    }

    @Test
    void theCycleAfterAShortMonthGoesBackToThe31st() {
        var cycle = new BillingCycle(Instant.parse("2026-01-31T00:00:00Z"), BillingCycle.Period.MONTHLY,
                ZoneOffset.UTC);
        assertThat(cycle.current(Instant.parse("2026-03-15T00:00:00Z"))).isEqualTo(new BillingCycle.Cycle(
                Instant.parse("2026-02-28T00:00:00Z"), Instant.parse("2026-03-31T00:00:00Z")));
        assertThat(cycle.nextBoundary(Instant.parse("2026-02-28T00:00:00Z"), 1))
                .as("strictly after").isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0} is in the yearly cycle from {1}")
    @CsvSource({
            "2026-06-01T00:00:00Z, 2026-02-15T09:00:00Z, 2027-02-15T09:00:00Z",
            "2026-02-15T09:00:00Z, 2026-02-15T09:00:00Z, 2027-02-15T09:00:00Z",
            "2026-02-15T08:59:59.999Z, 2025-02-15T09:00:00Z, 2026-02-15T09:00:00Z",
            "2031-01-01T00:00:00Z, 2030-02-15T09:00:00Z, 2031-02-15T09:00:00Z" })
    void yearlyCyclesRunFromTheAnchorsDate(String now, String start, String end) {
        var cycle = new BillingCycle(Instant.parse("2026-02-15T09:00:00Z"), BillingCycle.Period.YEARLY,
                ZoneOffset.UTC);
        assertThat(cycle.current(Instant.parse(now))).isEqualTo(new BillingCycle.Cycle(Instant.parse(start),
                Instant.parse(end)));
    }

    @Test
    void aYearlyAnchorOn29FebruaryFallsOn28FebruaryInOtherYears() {
        var cycle = new BillingCycle(Instant.parse("2028-02-29T00:00:00Z"), BillingCycle.Period.YEARLY,
                ZoneOffset.UTC);
        assertThat(cycle.boundary(1, 12)).isEqualTo(Instant.parse("2029-02-28T00:00:00Z"));
        assertThat(cycle.boundary(4, 12)).isEqualTo(Instant.parse("2032-02-29T00:00:00Z"));
    }

    @ParameterizedTest(name = "Rome, boundary {0} -> {1}")
    @CsvSource({
            // midnight of the 28th in Rome: CET (+01:00) in winter, CEST (+02:00) from 29 March 2026
            "0, 2026-02-27T23:00:00Z",
            "1, 2026-03-27T23:00:00Z",
            "2, 2026-04-27T22:00:00Z",
            "8, 2026-10-27T23:00:00Z" })
    void boundariesKeepTheWallClockTimeAcrossDst(long k, String boundary) {
        var cycle = new BillingCycle(Instant.parse("2026-02-27T23:00:00Z"), BillingCycle.Period.MONTHLY, ROME);
        assertThat(cycle.boundary(k, 1)).isEqualTo(Instant.parse(boundary));
    }

    @Test
    void aWallClockTimeTheDstChangeSkipsMovesForwardByTheGap() {
        // 02:30 on 29 March 2026 does not exist in Rome (02:00 -> 03:00): the boundary is 03:30 CEST
        var cycle = new BillingCycle(Instant.parse("2026-01-29T01:30:00Z"), BillingCycle.Period.MONTHLY, ROME);
        assertThat(cycle.boundary(2, 1)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(cycle.boundary(3, 1)).as("back to 02:30 CEST").isEqualTo(Instant.parse("2026-04-29T00:30:00Z"));
        var now = Instant.parse("2026-03-29T01:29:59Z");
        assertThat(cycle.current(now).end()).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    }

    @ParameterizedTest(name = "{0}: calendar {1}, billing {2}")
    @CsvSource({
            "2026-03-14T22:59:59Z, 2026-03, 2026-02",
            "2026-03-14T23:00:00Z, 2026-03, 2026-03",
            "2026-03-31T22:30:00Z, 2026-04, 2026-03" })
    void limitsCountCalendarMonthsOrBillingMonthsInTheZone(String now, String calendar, String billing) {
        // anchor: 15 January, midnight in Rome
        var cycle = new BillingCycle(Instant.parse("2026-01-14T23:00:00Z"), BillingCycle.Period.YEARLY, ROME);
        assertThat(cycle.month(Instant.parse(now), false)).isEqualTo(calendar);
        assertThat(cycle.month(Instant.parse(now), true)).isEqualTo(billing);
    }

    @ParameterizedTest(name = "{0} -> {1} months")
    @CsvSource({ "P1M, 1", "P3M, 3", "P1Y, 12", "P1Y6M, 18" })
    void refreshPeriodsAreWholeMonths(String period, int months) {
        assertThat(Refresh.months(period)).isEqualTo(months);
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource({ "P1D", "P1M1D", "P0M", "P-1M", "monthly" })
    void otherRefreshPeriodsAreRefused(String period) {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> Refresh.months(period));
    }

    @ParameterizedTest(name = "{0} keeps {2} of {1}")
    @CsvSource({ "NONE, 700, 0", "ALL, 700, 700", "CAPPED:500, 700, 500", "CAPPED:500, 300, 300", "CAPPED:0, 300, 0" })
    void rolloverRulesKeepWhatTheySay(String rollover, long remaining, long kept) {
        assertThat(new Refresh("P1M", rollover).kept(remaining)).isEqualTo(kept);
    }
}
