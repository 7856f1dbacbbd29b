package io.tally.ledger;

import static io.tally.ledger.Book.lot;
import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.remaining;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Commit, release, expire, exactly once: model and scripts. */
class SettleCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void commitOfLessGivesTheRestBackToTheLastChargedLotFirst(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(lot("a", LotKind.PLAN_ALLOWANCE, 100)));
        ledger.grant(book.grant(lot("b", LotKind.PROMOTIONAL, 100)));
        var hold = reserved(ledger.reserve(book.reserve(150, SubAccountPolicy.shared("s"))));

        var settled = ledger.settle(book.commit(hold.reservationId(), 60));

        assertThat(settled).isEqualTo(new SettleOutcome.Settled(hold.reservationId(), HoldState.COMMITTED, 60, 90,
                false));
        var balance = balanced(ledger, book);
        assertThat(remaining(balance, "a")).isEqualTo(40);
        assertThat(remaining(balance, "b")).isEqualTo(100);
        assertThat(balance.spent()).isEqualTo(60);
        assertThat(balance.held()).isZero();
        assertThat(balance.pool()).isEqualTo(140);
        assertThat(balance.monthSpend()).isEqualTo(Map.of("s", 60L));
        assertThat(LedgerCases.events(ledger, book).get(3))
                .containsEntry("type", "commit").containsEntry("charges", "a:60")
                .containsEntry("committed", "60").containsEntry("released", "90")
                .containsEntry("detail", "{\"n\":6}").containsEntry("reservation", hold.reservationId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void releaseGivesEverythingBack(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var before = ledger.balance(book.account, Book.MONTH);
        var hold = reserved(ledger.reserve(book.reserve(300)));

        assertThat(ledger.settle(book.release(hold.reservationId())))
                .isEqualTo(new SettleOutcome.Settled(hold.reservationId(), HoldState.RELEASED, 0, 300, false));
        assertThat(balanced(ledger, book)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aSecondSettleOfAnyKindAnswersTheFirstOutcome(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var hold = reserved(ledger.reserve(book.reserve(300)));
        ledger.settle(book.commit(hold.reservationId(), 200));
        var after = ledger.balance(book.account, Book.MONTH);

        var repeated = new SettleOutcome.Settled(hold.reservationId(), HoldState.COMMITTED, 200, 100, true);
        assertThat(ledger.settle(book.release(hold.reservationId()))).isEqualTo(repeated);
        assertThat(ledger.settle(book.commit(hold.reservationId(), 300))).isEqualTo(repeated);
        book.now = book.now.plusSeconds(3600);
        assertThat(ledger.settle(book.expire(hold.reservationId()))).isEqualTo(repeated);
        assertThat(ledger.balance(book.account, Book.MONTH)).isEqualTo(after);
        assertThat(LedgerCases.events(ledger, book)).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void refusesAFinalAmountAboveTheReservedOne(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var hold = reserved(ledger.reserve(book.reserve(150)));

        assertThat(ledger.settle(book.commit(hold.reservationId(), 151)))
                .isEqualTo(new SettleOutcome.InvalidFinalAmount(150));
        assertThat(ledger.settle(book.commit(hold.reservationId())))
                .isEqualTo(new SettleOutcome.Settled(hold.reservationId(), HoldState.COMMITTED, 150, 0, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void unknownReservationsAreUnknown(LedgerUnderTest ledger) {
        var book = book();
        assertThat(ledger.settle(book.commit(LedgerKeys.reservationId(book.account, "nope"))))
                .isEqualTo(new SettleOutcome.Unknown());
        assertThat(ledger.settle(book.release("not-a-reservation"))).isEqualTo(new SettleOutcome.Unknown());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void expiresOnlyOnceTheDeadlineHasCome(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var hold = reserved(ledger.reserve(book.reserve(300)));
        var due = book.now.plusSeconds(60);

        assertThat(ledger.settle(book.expire(hold.reservationId()))).isEqualTo(new SettleOutcome.NotDue(due));
        assertThat(ledger.dueHolds(book.partition(), due.minusMillis(1), 10)).doesNotContain(hold.reservationId());
        assertThat(ledger.dueHolds(book.partition(), due, 10)).contains(hold.reservationId());

        book.now = due;
        assertThat(ledger.settle(book.expire(hold.reservationId()))).isEqualTo(
                new SettleOutcome.Settled(hold.reservationId(), HoldState.EXPIRED_RELEASED, 0, 300, false));
        assertThat(ledger.dueHolds(book.partition(), due, 10)).doesNotContain(hold.reservationId());
        assertThat(ledger.settle(book.commit(hold.reservationId()))).isEqualTo(
                new SettleOutcome.Settled(hold.reservationId(), HoldState.EXPIRED_RELEASED, 0, 300, true));
        assertThat(balanced(ledger, book).spent()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void expiryCommitsWhenThatIsTheAccountsPolicy(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var hold = reserved(ledger.reserve(book.reserve(300, Optional.empty(), Service.SMS, BurnPolicy.PLAN_FIRST,
                ExpiredHoldAction.COMMIT)));
        book.now = book.now.plusSeconds(61);

        assertThat(ledger.settle(book.expire(hold.reservationId()))).isEqualTo(
                new SettleOutcome.Settled(hold.reservationId(), HoldState.EXPIRED_COMMITTED, 300, 0, false));
        assertThat(balanced(ledger, book).spent()).isEqualTo(300);
        assertThat(LedgerCases.events(ledger, book).get(2)).containsEntry("type", "expire")
                .containsEntry("committed", "300").containsEntry("charges", "u:300");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aCommitAfterTheDeadlineBeforeTheSweeperStillCounts(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var hold = reserved(ledger.reserve(book.reserve(300)));
        book.now = book.now.plusSeconds(120);

        assertThat(ledger.settle(book.commit(hold.reservationId()))).isEqualTo(
                new SettleOutcome.Settled(hold.reservationId(), HoldState.COMMITTED, 300, 0, false));
        assertThat(ledger.settle(book.expire(hold.reservationId()))).isEqualTo(
                new SettleOutcome.Settled(hold.reservationId(), HoldState.COMMITTED, 300, 0, true));
    }
}
