package io.tally.ledger;

import static io.tally.ledger.Book.T0;
import static io.tally.ledger.Book.lot;
import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.charges;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which lots pay, in what order: run against the model and the scripts. */
class BurnOrderCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void burnsLotsByTheKindOrderOfThePolicy(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(lot("promo", LotKind.PROMOTIONAL, 100)));
        ledger.grant(book.grant(lot("plan", LotKind.PLAN_ALLOWANCE, 100)));
        ledger.grant(book.grant(lot("subs", LotKind.SUBSCRIPTION, 100)));
        ledger.grant(book.grant(lot("any", LotKind.UNIVERSAL, 100)));

        var planFirst = reserved(ledger.reserve(book.reserve(250)));
        var subscriptionFirst = reserved(ledger.reserve(book.reserve(120, Optional.empty(), Service.SMS,
                BurnPolicy.SUBSCRIPTION_FIRST)));

        assertThat(planFirst.charges()).containsExactlyElementsOf(charges("plan", 100, "subs", 100, "promo", 50));
        assertThat(subscriptionFirst.charges()).containsExactlyElementsOf(charges("promo", 50, "any", 70));
        assertThat(subscriptionFirst.available()).isEqualTo(30);
        balanced(ledger, book);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void anExplicitPriorityOverridesTheKindRank(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(lot("plan", LotKind.PLAN_ALLOWANCE, 100)));
        ledger.grant(book.grant(Book.lot("first", LotKind.AUTO_RECHARGE, 100, Set.of(), OptionalInt.of(-1),
                T0.minusSeconds(1), Optional.empty())));

        assertThat(reserved(ledger.reserve(book.reserve(150))).charges())
                .containsExactlyElementsOf(charges("first", 100, "plan", 50));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void soonestExpiryFirstTakesExpiringLotsBeforeNonExpiringOnes(LedgerUnderTest ledger) {
        var book = book();
        grantThreePackages(ledger, book);

        var reserved = reserved(ledger.reserve(book.reserve(250)));

        assertThat(reserved.charges()).containsExactlyElementsOf(charges("soon", 100, "late", 100, "never", 50));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void nonExpiringFirstTakesNonExpiringLotsThenTheSoonestExpiring(LedgerUnderTest ledger) {
        var book = book();
        grantThreePackages(ledger, book);

        var reserved = reserved(ledger.reserve(book.reserve(250, Optional.empty(), Service.SMS,
                BurnPolicy.PLAN_FIRST.with(ExpiryOrder.NON_EXPIRING_FIRST))));

        assertThat(reserved.charges()).containsExactlyElementsOf(charges("never", 100, "soon", 100, "late", 50));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void equalLotsBurnOldestFirst(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u1", 100));
        ledger.grant(book.grant("u2", 100));
        ledger.grant(book.grant("u3", 100));

        assertThat(reserved(ledger.reserve(book.reserve(150))).charges())
                .containsExactlyElementsOf(charges("u1", 100, "u2", 50));
        assertThat(ledger.balance(book.account, Book.MONTH).lots()).extracting(Lot::seq).containsExactly(1L, 2L, 3L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void skipsLotsForOtherServices(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.lot("voice", LotKind.PLAN_ALLOWANCE, 100, Set.of(Service.VOICE),
                OptionalInt.empty(), T0.minusSeconds(1), Optional.empty())));
        ledger.grant(book.grant(Book.lot("sms", LotKind.PACKAGE, 100, Set.of(Service.SMS, Service.MMS),
                OptionalInt.empty(), T0.minusSeconds(1), Optional.empty())));

        assertThat(ledger.reserve(book.reserve(150))).isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 100));
        assertThat(reserved(ledger.reserve(book.reserve(80))).charges()).containsExactlyElementsOf(charges("sms", 80));
        assertThat(reserved(ledger.reserve(book.reserve(90, Optional.empty(), Service.VOICE,
                BurnPolicy.PLAN_FIRST))).charges()).containsExactlyElementsOf(charges("voice", 90));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void skipsLotsNotYetEffectiveOrExpired(LedgerUnderTest ledger) {
        var book = book();
        var hour = Duration.ofHours(1);
        ledger.grant(book.grant(Book.lot("later", LotKind.PLAN_ALLOWANCE, 100, Set.of(), OptionalInt.empty(),
                T0.plus(hour), Optional.empty())));
        ledger.grant(book.grant(Book.lot("gone", LotKind.PLAN_ALLOWANCE, 100, Set.of(), OptionalInt.empty(),
                T0.minus(hour), Optional.of(T0))));
        ledger.grant(book.grant(Book.lot("now", LotKind.UNIVERSAL, 100, Set.of(), OptionalInt.empty(),
                T0, Optional.of(T0.plus(hour)))));

        assertThat(reserved(ledger.reserve(book.reserve(60))).charges()).containsExactlyElementsOf(charges("now", 60));
        assertThat(ledger.reserve(book.reserve(60))).isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 40));

        book.now = T0.plus(hour);
        assertThat(reserved(ledger.reserve(book.reserve(60))).charges())
                .containsExactlyElementsOf(charges("later", 60));
        balanced(ledger, book);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aLotExpiredByALaterCommandPaysNoEarlierOne(LedgerUnderTest ledger) {
        var book = book();
        var minute = Duration.ofMinutes(1);
        ledger.grant(book.grant(Book.lot("short", LotKind.PACKAGE, 100, Set.of(), OptionalInt.empty(), T0,
                Optional.of(T0.plus(minute)))));
        book.now = T0.plus(minute.multipliedBy(10));
        assertThat(ledger.reserve(book.reserve(10))).isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 0));

        book.now = T0.plus(Duration.ofSeconds(30));
        assertThat(ledger.reserve(book.reserve(10)))
                .as("a retry, or a replica's clock a little behind: the credits left the books with the first")
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 0));
        assertThat(balanced(ledger, book).expired()).isEqualTo(100);
    }

    private static void grantThreePackages(LedgerUnderTest ledger, Book book) {
        ledger.grant(book.grant(lot("never", LotKind.PACKAGE, 100)));
        ledger.grant(book.grant(Book.expiring("late", LotKind.PACKAGE, 100, T0.plus(Duration.ofDays(30)))));
        ledger.grant(book.grant(Book.expiring("soon", LotKind.PACKAGE, 100, T0.plus(Duration.ofDays(2)))));
    }
}
