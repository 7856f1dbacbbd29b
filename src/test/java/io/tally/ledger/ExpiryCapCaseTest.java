package io.tally.ledger;

import static io.tally.ledger.Book.T0;
import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.events;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A movement expires at most {@link Expiry#CAP} due lots and leaves the rest to the sweeper, without ever counting
 * their credits as usable: run against the model and the scripts.
 */
class ExpiryCapCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";
    private static final Duration HOUR = Duration.ofHours(1);

    private static long expiries(LedgerUnderTest ledger, Book book) {
        return events(ledger, book).stream().filter(e -> e.get("type").equals("expire-credits")).count();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aMovementExpiresAtMostTheCapAndTheNextOnesGoOn(LedgerUnderTest ledger) {
        var book = book();
        for (int i = 1; i <= 5; i++) {
            ledger.grant(book.grant(Book.expiring("old" + i, LotKind.PACKAGE, 10, T0.plus(HOUR).plusMillis(i))));
        }
        ledger.grant(book.grant("keep", 100));

        book.now = T0.plus(HOUR).plusSeconds(1);
        assertThat(reserved(ledger.reserve(book.reserve(10))).charges()).containsExactly(new Charge("keep", 10));
        assertThat(expiries(ledger, book)).isEqualTo(Expiry.CAP);
        assertThat(events(ledger, book).stream().filter(e -> e.get("type").equals("expire-credits"))
                .map(e -> e.get("lot"))).containsExactly("old1", "old2");
        assertThat(ledger.dueExpiries(book.partition(), book.now, 100)).extracting(ExpiringLot::lotId)
                .contains("old3", "old4", "old5");
        assertThat(balanced(ledger, book).expired()).isEqualTo(20);

        ledger.meter(book.meter(1, 0));
        assertThat(expiries(ledger, book)).isEqualTo(2L * Expiry.CAP);
        ledger.allocate(book.allocate("list", 5));
        assertThat(expiries(ledger, book)).isEqualTo(5);
        assertThat(balanced(ledger, book).expired()).isEqualTo(50);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void creditsOfDueLotsLeftUnexpiredAreNeverSpentThroughTheBudgets(LedgerUnderTest ledger) {
        var book = book();
        for (int i = 1; i <= 8; i++) {
            ledger.grant(book.grant(Book.expiring("old" + i, LotKind.PACKAGE, 50, T0.plus(HOUR).plusMillis(i))));
        }
        ledger.grant(book.grant("keep", 100));
        ledger.allocate(book.allocate("list", 150));
        var list = Book.allocated("list", true);
        // pool 350, list 150 over lots 500. Once all 400 have expired: pool 0, list 100, lots 100.

        book.now = T0.plus(HOUR).plusSeconds(1);
        assertThat(ledger.reserve(book.reserve(1))).as("old1, old2 expire; 300 pending take the rest of the pool")
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 0));
        assertThat(ledger.reserve(book.reserve(101, list))).as("old3, old4 expire; 200 pending: pool 150, list 50")
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 100));
        var held = reserved(ledger.reserve(book.reserve(100, list)));
        assertThat(held.charges()).containsExactly(new Charge("keep", 100));
        assertThat(expiries(ledger, book)).isEqualTo(6);

        for (var lot : java.util.List.of("old7", "old8")) {
            assertThat(ledger.expire(new ExpireCredits(book.account, lot, book.next("e"), book.now)))
                    .isEqualTo(new ExpireOutcome.Expired(50));
        }
        var balance = balanced(ledger, book);
        assertThat(balance.pool()).as("never below zero").isZero();
        assertThat(balance.allocations()).as("never below zero").isEqualTo(Map.of("list", 0L));
        assertThat(balance.expired()).isEqualTo(400);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aMeterWithFallbackTakesFromTheAllocationOnlyWhatWillStayInIt(LedgerUnderTest ledger) {
        var book = book();
        for (int i = 1; i <= 3; i++) {
            ledger.grant(book.grant(Book.expiring("old" + i, LotKind.PACKAGE, 100, T0.plus(HOUR).plusMillis(i))));
        }
        ledger.grant(book.grant("keep", 100));
        ledger.allocate(book.allocate("list", 150));

        book.now = T0.plus(HOUR).plusSeconds(1);
        ledger.meter(book.meter(120, Optional.of(Book.allocated("list", true)), 1000));
        // old1, old2 expired (pool 250 -> 50); old3 pending: the list counts 100; 100 from it, 20 from the pool
        ledger.expire(new ExpireCredits(book.account, "old3", book.next("e"), book.now));
        var balance = balanced(ledger, book);
        assertThat(balance.allocations()).isEqualTo(Map.of("list", 0L));
        assertThat(balance.pool()).isEqualTo(-20);
        assertThat(balance.debt()).isEqualTo(20);
    }
}
