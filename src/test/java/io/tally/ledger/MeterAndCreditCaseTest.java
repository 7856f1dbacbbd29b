package io.tally.ledger;

import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.charges;
import static io.tally.ledger.LedgerCases.remaining;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Metered uses, debt, grants and allocations: model and scripts. */
class MeterAndCreditCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void meterIsNeverRefusedAndRunsIntoDebt(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 100));

        assertThat(ledger.meter(book.meter(150, 20)))
                .isEqualTo(new MeterOutcome.Metered(charges("u", 100), 50, 50, true, false));
        assertThat(ledger.meter(book.meter(30, 100)))
                .isEqualTo(new MeterOutcome.Metered(charges(), 30, 80, false, false));
        var balance = balanced(ledger, book);
        assertThat(balance.debt()).isEqualTo(80);
        assertThat(balance.pool()).isEqualTo(-80);
        assertThat(balance.spent()).isEqualTo(180);
        assertThat(LedgerCases.events(ledger, book).get(1)).containsEntry("type", "meter")
                .containsEntry("debt", "50").containsEntry("debtIncurred", "50").containsEntry("overLimit", "1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aGrantPaysTheDebtFirst(LedgerUnderTest ledger) {
        var book = book();
        ledger.meter(book.meter(50, 0));

        assertThat(ledger.grant(book.grant("small", 30))).isEqualTo(new CreditOutcome.Credited(-20, 0, 30, false));
        assertThat(ledger.grant(book.grant("big", 100))).isEqualTo(new CreditOutcome.Credited(80, 0, 20, false));
        var balance = balanced(ledger, book);
        assertThat(balance.debt()).isZero();
        assertThat(remaining(balance, "small")).isZero();
        assertThat(remaining(balance, "big")).isEqualTo(80);
        assertThat(balance.granted()).isEqualTo(130);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void meterChargesTheAllocationAndMayTakeItNegative(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        ledger.allocate(book.allocate("closed", 50));
        ledger.allocate(book.allocate("open", 50));

        ledger.meter(book.meter(80, Optional.of(Book.allocated("closed", false)), 0));
        ledger.meter(book.meter(80, Optional.of(Book.allocated("open", true)), 0));

        var balance = balanced(ledger, book);
        assertThat(balance.allocations()).isEqualTo(Map.of("closed", -30L, "open", 0L));
        assertThat(balance.pool()).isEqualTo(900 - 30);
        assertThat(balance.monthSpend()).isEqualTo(Map.of("closed", 80L, "open", 80L));
        assertThat(ledger.reserve(book.reserve(1, Book.allocated("closed", true))))
                .isInstanceOf(ReserveOutcome.Reserved.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void allocatesFromThePoolAndGivesBack(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));

        assertThat(ledger.allocate(book.allocate("s", 300))).isEqualTo(new CreditOutcome.Credited(700, 300, 0, false));
        assertThat(ledger.allocate(book.allocate("s", 800)))
                .isEqualTo(new CreditOutcome.Insufficient(Limit.BALANCE, 700));
        assertThat(ledger.allocate(book.allocate("s", -400)))
                .isEqualTo(new CreditOutcome.Insufficient(Limit.ALLOCATION, 300));
        assertThat(ledger.allocate(book.allocate("s", -100))).isEqualTo(new CreditOutcome.Credited(800, 200, 0, false));
        assertThat(LedgerCases.events(ledger, book)).extracting(e -> e.get("type") + " " + e.get("amount"))
                .containsExactly("grant 1000", "allocate 300", "deallocate 100");
        balanced(ledger, book);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void keepsTheLotsDescription(LedgerUnderTest ledger) {
        var book = book();
        var lot = new Lot("plan", LotKind.PLAN_ALLOWANCE, java.util.Set.of(Service.SMS, Service.MMS),
                java.util.OptionalInt.of(3), Book.T0, Optional.of(Book.T0.plusSeconds(86_400)), 5_000_000, 5_000_000,
                0, Optional.of(new Refresh("P1M", "CAPPED:1000000")));
        ledger.grant(book.grant(lot));

        assertThat(ledger.balance(book.account, Book.MONTH).lots()).containsExactly(lot.withSeq(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void movesAmountsUpToTheCapExactly(LedgerUnderTest ledger) {
        var book = book();
        long cap = LedgerKeys.MAX_AMOUNT;
        ledger.grant(book.grant("a", cap));
        ledger.grant(book.grant("b", cap - 1));

        var reserved = LedgerCases.reserved(ledger.reserve(book.reserve(cap)));
        assertThat(reserved.available()).isEqualTo(cap - 1);
        assertThat(ledger.meter(book.meter(cap, 0)))
                .isEqualTo(new MeterOutcome.Metered(charges("b", cap - 1), 1, 1, true, false));
        assertThat(balanced(ledger, book).spent()).isEqualTo(cap);
    }
}
