package io.tally.ledger;

import static io.tally.ledger.Book.limited;
import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The account's spending limit per period (docs/ledger.md "Spending limits"): reserve refuses past it counting holds,
 * meter counts and is never refused, a settle gives back to the period the hold was counted in; and sub-accounts'
 * limits by day. Model and scripts.
 */
class AccountLimitCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";
    private static final String DAY = "2026-03-10";
    private static final String NEXT_DAY = "2026-03-11";

    private static Optional<AccountLimit> limit(long amount, String period) {
        return Optional.of(new AccountLimit(amount, period));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void refusesPastTheAccountLimitCountingHoldsAndNamesIt(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var first = reserved(ledger.reserve(book.reserve(200).withAccountLimit(limit(300, DAY))));
        assertThat(first.available()).isEqualTo(100);

        assertThat(ledger.reserve(book.reserve(150).withAccountLimit(limit(300, DAY))))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.ACCOUNT_SPENDING_LIMIT, 100));
        assertThat(balanced(ledger, book).accountSpend()).isEqualTo(Map.of(DAY, 200L));

        ledger.settle(book.release(first.reservationId()));
        assertThat(reserved(ledger.reserve(book.reserve(300).withAccountLimit(limit(300, DAY)))).available())
                .isZero();
        assertThat(balanced(ledger, book).accountSpend()).isEqualTo(Map.of(DAY, 300L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void meteredUseIsNeverRefusedButCountsInThePeriod(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var meter = book.meter(250, 0).withAccountLimit(limit(200, "2026-W11"));
        assertThat(ledger.meter(meter)).isInstanceOf(MeterOutcome.Metered.class);
        assertThat(balanced(ledger, book).accountSpend()).isEqualTo(Map.of("2026-W11", 250L));

        assertThat(ledger.reserve(book.reserve(1).withAccountLimit(limit(200, "2026-W11"))))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.ACCOUNT_SPENDING_LIMIT, 0));
        // a new week starts from nothing
        assertThat(ledger.reserve(book.reserve(200).withAccountLimit(limit(200, "2026-W12"))))
                .isInstanceOf(ReserveOutcome.Reserved.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aHoldSettledInTheNextPeriodGivesBackToThePeriodItWasCountedIn(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var first = reserved(ledger.reserve(book.reserve(150).withAccountLimit(limit(200, DAY))));
        var second = reserved(ledger.reserve(book.reserve(50).withAccountLimit(limit(200, DAY))));
        // the next day: its own period, then the day before's holds settle
        reserved(ledger.reserve(book.reserve(120).withAccountLimit(limit(200, NEXT_DAY))));
        ledger.settle(book.commit(first.reservationId(), 100));
        ledger.settle(book.release(second.reservationId()));

        assertThat(balanced(ledger, book).accountSpend()).isEqualTo(Map.of(DAY, 100L, NEXT_DAY, 120L));
        assertThat(ledger.reserve(book.reserve(81).withAccountLimit(limit(200, NEXT_DAY))))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.ACCOUNT_SPENDING_LIMIT, 80));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void theSubAccountLimitIsCheckedBeforeTheAccountLimit(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var sub = limited("s1", 100);

        assertThat(ledger.reserve(book.reserve(150, sub).withAccountLimit(limit(120, Book.MONTH))))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.SPENDING_LIMIT, 100));
        assertThat(ledger.reserve(book.reserve(150).withAccountLimit(limit(120, Book.MONTH))))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.ACCOUNT_SPENDING_LIMIT, 120));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aSubAccountLimitPerDayCountsTheDayItsReserveNames(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var sub = new SubAccountPolicy("d", SubAccountPolicy.Mode.SHARED, false, OptionalLong.of(100));

        reserved(ledger.reserve(onDay(book, book.reserve(80, sub), DAY)));
        assertThat(ledger.reserve(onDay(book, book.reserve(30, sub), DAY)))
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.SPENDING_LIMIT, 20));
        reserved(ledger.reserve(onDay(book, book.reserve(30, sub), NEXT_DAY)));
        assertThat(balanced(ledger, book).periodSpend()).isEqualTo(Map.of("d:" + DAY, 80L, "d:" + NEXT_DAY, 30L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void anAccountWithoutALimitCountsNothing(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var hold = reserved(ledger.reserve(book.reserve(200)));
        ledger.meter(book.meter(50, 0));
        ledger.settle(book.release(hold.reservationId()));
        assertThat(balanced(ledger, book).accountSpend()).isEmpty();
    }

    /** The reserve with {@code day} as its period (as the edge names a sub-account's daily period). */
    private static Reserve onDay(Book book, Reserve r, String day) {
        return new Reserve(r.account(), r.idempotencyKey(), r.fingerprint(), r.reservationId(), r.eventId(), r.sub(),
                r.service(), r.amount(), r.now(), r.deadline(), day, r.burn(), r.onExpiry(), r.detail());
    }
}
