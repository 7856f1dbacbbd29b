package io.tally.ledger;

import static io.tally.ledger.Book.allocated;
import static io.tally.ledger.Book.limited;
import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reserve's checks (spending limit, allocation, balance, in that order) and budgets: model and scripts. */
class ReserveCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void refusesAboveTheMonthlySpendingLimitCountingHolds(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var first = reserved(ledger.reserve(book.reserve(200, limited("s1", 300))));

        assertThat(first.available()).isEqualTo(100);
        assertThat(ledger.reserve(book.reserve(150, limited("s1", 300))))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.SPENDING_LIMIT, 100));

        ledger.settle(book.release(first.reservationId()));
        assertThat(reserved(ledger.reserve(book.reserve(150, limited("s1", 300)))).available()).isEqualTo(150);
        assertThat(balanced(ledger, book).monthSpend()).isEqualTo(Map.of("s1", 150L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void checksTheSpendingLimitBeforeTheAllocation(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var sub = new SubAccountPolicy("s", SubAccountPolicy.Mode.ALLOCATED, false, OptionalLong.of(100));

        assertThat(ledger.reserve(book.reserve(150, sub)))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.SPENDING_LIMIT, 0));
        assertThat(ledger.reserve(book.reserve(50, sub)))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.ALLOCATION, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void anAllocatedSubAccountWithoutFallbackDrawsOnItsAllocationOnly(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        ledger.allocate(book.allocate("s", 300));

        assertThat(ledger.reserve(book.reserve(400, allocated("s", false))))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.ALLOCATION, 300));
        assertThat(reserved(ledger.reserve(book.reserve(300, allocated("s", false)))).available()).isZero();
        var balance = balanced(ledger, book);
        assertThat(balance.allocations()).isEqualTo(Map.of("s", 0L));
        assertThat(balance.pool()).isEqualTo(700);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void fallbackTakesTheAllocationFirstThenThePoolAndGivesBackPoolFirst(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        ledger.allocate(book.allocate("s", 300));

        var hold = reserved(ledger.reserve(book.reserve(500, allocated("s", true))));
        assertThat(hold.available()).isEqualTo(500);
        var during = balanced(ledger, book);
        assertThat(during.allocations()).isEqualTo(Map.of("s", 0L));
        assertThat(during.pool()).isEqualTo(500);

        ledger.settle(book.commit(hold.reservationId(), 350));
        var after = balanced(ledger, book);
        assertThat(after.pool()).isEqualTo(650);
        assertThat(after.allocations()).isEqualTo(Map.of("s", 0L));
        assertThat(after.monthSpend()).isEqualTo(Map.of("s", 350L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void refusesWhenThePoolCannotPayThoughTheLotsCould(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        ledger.allocate(book.allocate("office", 900));

        assertThat(ledger.reserve(book.reserve(200))).isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 100));
        assertThat(ledger.reserve(book.reserve(200, Book.allocated("other", true))))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void refusesWhenTheUsableLotsCannotPayThoughThePoolCould(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("e", LotKind.PACKAGE, 500, Book.T0.plus(Duration.ofHours(1)))));
        book.now = Book.T0.plus(Duration.ofHours(2));

        assertThat(ledger.reserve(book.reserve(100))).isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 0));
        var balance = balanced(ledger, book);
        assertThat(balance.pool()).as("the expired credits left the pool with the lot").isZero();
        assertThat(balance.expired()).isEqualTo(500);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void answersWhatCouldStillBeReservedAndTheDeadline(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var command = book.reserve(400);

        var reserved = reserved(ledger.reserve(command));

        assertThat(reserved).isEqualTo(new ReserveOutcome.Reserved(command.reservationId(),
                LedgerCases.charges("u", 400), 600, command.deadline(), false));
        var balance = balanced(ledger, book);
        assertThat(balance.held()).isEqualTo(400);
        assertThat(balance.pool()).isEqualTo(600);
        assertThat(LedgerCases.remaining(balance, "u")).isEqualTo(600);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void refusalsWriteNothingAndEmitNoEvent(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 100));
        var before = ledger.balance(book.account, Book.MONTH);

        ledger.reserve(book.reserve(101));
        ledger.reserve(book.reserve(50, limited("s", 10)));
        ledger.allocate(book.allocate("s", 101));
        ledger.allocate(book.allocate("s", -1));

        assertThat(ledger.balance(book.account, Book.MONTH)).isEqualTo(before);
        assertThat(LedgerCases.events(ledger, book)).extracting(e -> e.get("type")).containsExactly("grant");
    }
}
