package io.tally.ledger;

import static io.tally.ledger.Book.T0;
import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.charges;
import static io.tally.ledger.LedgerCases.events;
import static io.tally.ledger.LedgerCases.remaining;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Adjustments (docs/ledger.md "Adjustments"): credits and debits of the pool or an allocation, and voids of a lot,
 * each one movement with its own event. Run against the model and the script.
 */
class AdjustCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";

    private static Adjust adjust(Book book, Optional<String> sub, long amount) {
        var key = book.next("k");
        return new Adjust(book.account, key, "fp-" + key, book.next("e"), sub, amount, amount > 0 ? book.next("adj") : "",
                BurnPolicy.PLAN_FIRST, book.now, "a correction", "key_op");
    }

    private static VoidLot voidLot(Book book, String lot) {
        var key = book.next("k");
        return new VoidLot(book.account, key, "fp-" + key, book.next("e"), lot, book.now, "granted by mistake", "key_op");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aCreditAddsAUniversalLotThatPaysTheDebtFirst(LedgerUnderTest ledger) {
        var book = book();
        ledger.meter(book.meter(30, 0));
        var credit = adjust(book, Optional.empty(), 100);

        assertThat(ledger.adjust(credit)).isEqualTo(new AdjustOutcome.Adjusted(100, 70, 0, 30, false));
        assertThat(ledger.adjust(credit)).as("a repeat answers the first outcome")
                .isEqualTo(new AdjustOutcome.Adjusted(100, 70, 0, 30, true));
        var other = new Adjust(book.account, credit.idempotencyKey(), "other", book.next("e"), Optional.empty(), 5,
                "x1", BurnPolicy.PLAN_FIRST, book.now, "other", "key_op");
        assertThat(ledger.adjust(other)).isInstanceOf(AdjustOutcome.Conflict.class);

        var balance = balanced(ledger, book);
        assertThat(balance.debt()).isZero();
        assertThat(balance.granted()).isEqualTo(100);
        assertThat(remaining(balance, credit.lotId())).isEqualTo(70);
        var event = events(ledger, book).get(events(ledger, book).size() - 1);
        assertThat(event).containsEntry("type", "adjust-credit").containsEntry("lot", credit.lotId())
                .containsEntry("debtPaid", "30").containsEntry("reason", "a correction").containsEntry("by", "key_op");
        assertThat(event.get("meta")).startsWith("UNIVERSAL||");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aCreditToASubAccountGrowsItsAllocation(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("base", 50));

        assertThat(ledger.adjust(adjust(book, Optional.of("office"), 40)))
                .isEqualTo(new AdjustOutcome.Adjusted(40, 50, 40, 0, false));

        assertThat(balanced(ledger, book).allocations()).containsEntry("office", 40L);
        assertThat(events(ledger, book).get(1)).containsEntry("sub", "office");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aDebitTakesLotsOfAnyServiceInBurnOrderAndLowersGranted(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.lot("voice", LotKind.PLAN_ALLOWANCE, 30, Set.of(Service.VOICE),
                OptionalInt.empty(), T0.minus(Duration.ofDays(1)), Optional.empty())));
        ledger.grant(book.grant("universal", 100));

        var debit = adjust(book, Optional.empty(), -50);
        assertThat(ledger.adjust(debit)).isEqualTo(new AdjustOutcome.Adjusted(50, 80, 0, 0, false));

        var balance = balanced(ledger, book);
        assertThat(balance.granted()).isEqualTo(80);
        assertThat(balance.spent()).as("a debit is no spend").isZero();
        assertThat(remaining(balance, "voice")).isZero();
        assertThat(remaining(balance, "universal")).isEqualTo(80);
        var event = events(ledger, book).get(2);
        assertThat(event).containsEntry("type", "adjust-debit").containsEntry("amount", "50")
                .containsEntry("charges", "voice:30,universal:20");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aDebitNeverTakesABudgetBelowZero(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("universal", 100));
        ledger.allocate(book.allocate("office", 30));
        int before = events(ledger, book).size();

        assertThat(ledger.adjust(adjust(book, Optional.empty(), -71)))
                .isEqualTo(new AdjustOutcome.Insufficient(Limit.BALANCE, 70));
        assertThat(ledger.adjust(adjust(book, Optional.of("office"), -31)))
                .isEqualTo(new AdjustOutcome.Insufficient(Limit.ALLOCATION, 30));
        assertThat(events(ledger, book)).hasSize(before);

        assertThat(ledger.adjust(adjust(book, Optional.of("office"), -30)))
                .isEqualTo(new AdjustOutcome.Adjusted(30, 70, 0, 0, false));
        assertThat(balanced(ledger, book).allocations()).containsEntry("office", 0L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aVoidTakesWhatIsLeftFromThePoolThenTheAllocationsAndSparesWhatWasSpent(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("bonus", 100));
        ledger.grant(book.grant(Book.lot("other", LotKind.PACKAGE, 100)));
        ledger.allocate(book.allocate("office", 150));
        var hold = reserved(ledger.reserve(book.reserve(20)));
        ledger.settle(book.commit(hold.reservationId()));
        assertThat(hold.charges()).isEqualTo(charges("other", 20));
        ledger.meter(book.meter(10, 0));
        int before = events(ledger, book).size();

        // the package paid both uses; the pool holds 20 of the bonus's 100, the office's allocation the rest
        assertThat(ledger.voidLot(voidLot(book, "bonus"))).isEqualTo(new AdjustOutcome.Adjusted(100, 0, 0, 0, false));

        var balance = balanced(ledger, book);
        assertThat(remaining(balance, "bonus")).isZero();
        assertThat(remaining(balance, "other")).isEqualTo(70);
        assertThat(balance.granted()).isEqualTo(100);
        assertThat(balance.spent()).isEqualTo(30);
        assertThat(balance.expired()).isZero();
        assertThat(balance.pool()).isZero();
        assertThat(balance.allocations()).containsEntry("office", 70L);
        var voided = events(ledger, book).subList(before, events(ledger, book).size());
        assertThat(voided).singleElement().satisfies(event -> {
            assertThat(event).containsEntry("type", "void-credits").containsEntry("lot", "bonus")
                    .containsEntry("amount", "100").containsEntry("fromPool", "20").containsEntry("allocs", "office:80")
                    .containsEntry("charges", "bonus:100");
            assertThat(event.get("meta")).contains("|" + book.now.toEpochMilli() + "|");
        });
        assertThat(ledger.voidLot(voidLot(book, "nothing"))).isInstanceOf(AdjustOutcome.Unknown.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void creditsHeldOnAVoidedLotLeaveTheBooksWhenReleased(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("bonus", 100));
        var hold = reserved(ledger.reserve(book.reserve(40)));
        ledger.voidLot(voidLot(book, "bonus"));
        assertThat(balanced(ledger, book).granted()).isEqualTo(40);

        book.now = book.now.plusSeconds(1);
        ledger.settle(book.release(hold.reservationId()));

        var balance = balanced(ledger, book);
        assertThat(remaining(balance, "bonus")).isZero();
        assertThat(balance.expired()).isEqualTo(40);
        assertThat(ledger.reserve(book.reserve(1))).isInstanceOf(ReserveOutcome.Insufficient.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aVoidedLotNeverRefreshesAgain(LedgerUnderTest ledger) {
        var book = book();
        var boundary = T0.plus(Duration.ofDays(30));
        var lot = new Lot("plan", LotKind.PLAN_ALLOWANCE, Set.of(), OptionalInt.empty(), T0.minus(Duration.ofDays(1)),
                Optional.empty(), 1000, 1000, 0, Optional.of(new Refresh("P1M", "NONE")));
        ledger.grant(new Grant(book.account, book.next("g"), "fp-plan", book.next("e"), lot, book.now, "{}",
                Optional.of(boundary)));
        ledger.voidLot(voidLot(book, "plan"));

        book.now = boundary.plusSeconds(1);
        var outcome = ledger.refresh(new RefreshCredits(book.account, "plan", 1, book.next("r"), boundary,
                boundary.plus(Duration.ofDays(30)), book.now));

        assertThat(outcome).isInstanceOf(RefreshOutcome.Nothing.class);
        assertThat(ledger.dueRefreshes(book.partition(), book.now, 1000))
                .noneMatch(due -> due.account().equals(book.account));
        var balance = balanced(ledger, book);
        assertThat(balance.granted()).isZero();
        assertThat(remaining(balance, "plan")).isZero();
    }
}
