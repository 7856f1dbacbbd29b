package io.tally.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tally.platform.Refusal;
import io.tally.statement.Statement.Line;

/** The fold of summed ledger entries into a statement, and the periods it covers. */
class StatementTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final StatementPeriod NOVEMBER = StatementPeriod.month(YearMonth.of(2026, 11));

    @Test
    void anAccountsBalanceMovesByGrantsUsageAndExpiries() {
        var statement = Statement.of("acme", null, ROME, NOVEMBER, List.of(
                // before November: a package of 10 granted, 1 spent on SMS
                grant(true, "PACKAGE", 10_000_000),
                use(true, "commit", "SMS", 0, -1_000_000, 0, 1_000_000),
                // in November: a commitment of 5, a reserve (no change), a commit of 0.045, a release (no change),
                // an inbound message metered into debt, 2 credits expired
                grant(false, "COMMITMENT", 5_000_000),
                use(false, "reserve", "SMS", -90_000, 90_000, 0, 0),
                use(false, "commit", "SMS", 0, -45_000, 0, 45_000),
                use(false, "release", "SMS", 45_000, -45_000, 0, 0),
                use(false, "meter", "VOICE", -100_000, 0, 20_000, 120_000),
                new Movement(false, "expire-credits", "", "", -2_000_000, 0, 0, 0, 0, -2_000_000, 0),
                new Movement(false, "allocate", "", "", 0, 0, 0, 0, 300_000, -300_000, 0)));

        assertThat(statement.opening()).isEqualTo(9_000_000);
        assertThat(statement.credits()).containsExactly(new Line("commitment", 5_000_000));
        assertThat(statement.usage()).containsExactly(new Line("sms", 45_000), new Line("voice", 120_000));
        assertThat(statement.expired()).containsExactly(new Line("expired", 2_000_000));
        assertThat(statement.other()).isEmpty();
        assertThat(statement.closing()).isEqualTo(9_000_000 + 5_000_000 - 45_000 - 120_000 - 2_000_000);
        assertThat(statement.opening() + statement.totalCredits() - statement.totalUsage() - statement.totalExpired()
                + statement.totalOther()).isEqualTo(statement.closing());
    }

    @Test
    void adjustmentsAreListedByTypeAndTheClosingStaysExact() {
        var statement = Statement.of("acme", null, ROME, NOVEMBER, List.of(
                grant(true, "PROMOTIONAL", 10_000_000),
                // a credit of 3 (1 of it paid debt), a debit of 2, and the promotional lot's 8 left voided
                new Movement(false, "adjust-credit", "", "", 2_000_000, 0, -1_000_000, 0, 0, 3_000_000, 0),
                new Movement(false, "adjust-debit", "", "", -2_000_000, 0, 0, 0, 0, -2_000_000, 0),
                new Movement(false, "void-credits", "", "", -8_000_000, 0, 0, 0, 0, -8_000_000, 0)));

        assertThat(statement.other()).containsExactly(new Line("adjust-credit", 3_000_000),
                new Line("adjust-debit", -2_000_000), new Line("void-credits", -8_000_000));
        assertThat(statement.closing()).isEqualTo(10_000_000 + 3_000_000 - 2_000_000 - 8_000_000);
        assertThat(statement.opening() + statement.totalCredits() - statement.totalUsage() - statement.totalExpired()
                + statement.totalOther()).isEqualTo(statement.closing());
    }

    @Test
    void aSubAccountsBalanceIsItsAllocationAndSaysWhatThePoolPaidOrIsStillHeld() {
        var statement = Statement.of("acme", "rome", ROME, NOVEMBER, List.of(
                new Movement(true, "allocate", "", "", 0, 0, 0, 0, 1_000_000, -1_000_000, 0),
                new Movement(false, "allocate", "", "", 0, 0, 0, 0, 500_000, -500_000, 0),
                new Movement(false, "deallocate", "", "", 0, 0, 0, 0, -200_000, 200_000, 0),
                // a reserve of 0.1 of which 0.06 from the allocation, committed in full
                new Movement(false, "reserve", "SMS", "", -100_000, 100_000, 0, 0, -60_000, -40_000, 0),
                new Movement(false, "commit", "SMS", "", 0, -100_000, 0, 100_000, 0, 0, 0),
                // a reserve of 0.05 from the allocation, still open at the end
                new Movement(false, "reserve", "SMS", "", -50_000, 50_000, 0, 0, -50_000, 0, 0)));

        assertThat(statement.opening()).isEqualTo(1_000_000);
        assertThat(statement.credits()).containsExactly(new Line("allocated", 300_000));
        assertThat(statement.usage()).containsExactly(new Line("sms", 100_000));
        assertThat(statement.other()).containsExactlyInAnyOrder(new Line(Statement.POOL, 40_000),
                new Line(Statement.HELD, -50_000));
        assertThat(statement.closing()).isEqualTo(1_000_000 + 500_000 - 200_000 - 60_000 - 50_000);
        assertThat(statement.opening() + statement.totalCredits() - statement.totalUsage() - statement.totalExpired()
                + statement.totalOther()).isEqualTo(statement.closing());
    }

    @Test
    void aRenewalGrantsTheCycleAgainAndExpiresWhatItDoesNotRollOver() {
        // a plan allowance of 10 with 3 left at the boundary, rollover capped at 1: 2 expire (1.5 from the pool,
        // 0.5 from the list "rome"), 10 granted again; 0.4 of it paid a debt
        var renewal = new Movement(false, "refresh-credits", "", "", 10_000_000 - 400_000 - 2_000_000, 0, -400_000, 0,
                -500_000, 10_000_000 - 1_500_000, 2_000_000);
        var account = Statement.of("acme", null, ROME, NOVEMBER, List.of(grant(true, "PLAN_ALLOWANCE", 10_000_000),
                use(true, "commit", "SMS", 0, -7_000_000, 0, 7_000_000), renewal));
        assertThat(account.opening()).isEqualTo(3_000_000);
        assertThat(account.credits()).containsExactly(new Line(Statement.REFRESHED, 10_000_000));
        assertThat(account.expired()).containsExactly(new Line("expired", 2_000_000));
        assertThat(account.other()).isEmpty();
        assertThat(account.closing()).isEqualTo(3_000_000 + 10_000_000 - 2_000_000);

        var list = Statement.of("acme", "rome", ROME, NOVEMBER,
                List.of(new Movement(true, "allocate", "", "", 0, 0, 0, 0, 1_000_000, -1_000_000, 0), renewal));
        assertThat(list.expired()).containsExactly(new Line("expired", 500_000));
        assertThat(list.other()).isEmpty();
        assertThat(list.closing()).isEqualTo(500_000);
        assertThat(list.opening() + list.totalCredits() - list.totalUsage() - list.totalExpired() + list.totalOther())
                .isEqualTo(list.closing());
    }

    @Test
    void periodsAreMonthsOrIsoWeeks() {
        assertThat(StatementPeriod.parse("2026-11")).isEqualTo(new StatementPeriod("2026-11",
                LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)));
        assertThat(StatementPeriod.parse("2026-W01")).isEqualTo(new StatementPeriod("2026-W01",
                LocalDate.of(2025, 12, 29), LocalDate.of(2026, 1, 5)));
        assertThat(StatementPeriod.parse("2026-W53")).isEqualTo(new StatementPeriod("2026-W53",
                LocalDate.of(2026, 12, 28), LocalDate.of(2027, 1, 4)));
        for (var bad : new String[] { null, "", "2026-13", "2026-1", "2025-W53", "2026-W00", "november", "2026-11-01" }) {
            assertThatThrownBy(() -> StatementPeriod.parse(bad)).as(bad).isInstanceOf(Refusal.class)
                    .hasMessageContaining("period");
        }
    }

    @Test
    void theLastCompletePeriodEndsOnOrBeforeToday() {
        var today = LocalDate.of(2026, 12, 1); // a Tuesday
        assertThat(StatementPeriod.lastComplete(Frequency.MONTHLY, today).name()).isEqualTo("2026-11");
        assertThat(StatementPeriod.lastComplete(Frequency.WEEKLY, today)).isEqualTo(new StatementPeriod("2026-W48",
                LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 30)));
        assertThat(StatementPeriod.lastComplete(Frequency.WEEKLY, LocalDate.of(2026, 11, 30)).name())
                .isEqualTo("2026-W48");
        assertThat(StatementPeriod.lastComplete(Frequency.MONTHLY, LocalDate.of(2026, 1, 31)).name())
                .isEqualTo("2025-12");
    }

    private static Movement grant(boolean before, String kind, long amount) {
        return new Movement(before, "grant", "", kind, amount, 0, 0, 0, 0, amount, 0);
    }

    private static Movement use(boolean before, String type, String service, long lots, long held, long debt,
            long spent) {
        return new Movement(before, type, service, "", lots, held, debt, spent, 0, 0, 0);
    }
}
