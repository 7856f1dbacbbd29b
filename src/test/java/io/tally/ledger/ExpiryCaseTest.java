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
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Lots leave the books at their expiry, in one movement each: run against the model and the scripts. */
class ExpiryCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";
    private static final Duration HOUR = Duration.ofHours(1);

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void theSweeperExpiresADueLotFromThePoolFirstThenTheListsInProportion(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("pkg", LotKind.PACKAGE, 1000, T0.plus(HOUR))));
        ledger.grant(book.grant("keep", 300));
        ledger.allocate(book.allocate("a", 600));
        ledger.allocate(book.allocate("b", 300));
        ledger.allocate(book.allocate("c", 100));
        // pool 300: the 1000 expiring take it all, then 700 from 600:300:100 -> 420, 210, 70

        book.now = T0.plus(HOUR);
        var due = ledger.dueExpiries(book.partition(), book.now, 100);
        assertThat(due).contains(new ExpiringLot(book.account, "pkg"));
        assertThat(ledger.expire(new ExpireCredits(book.account, "pkg", book.next("e"), book.now)))
                .isEqualTo(new ExpireOutcome.Expired(1000));
        assertThat(ledger.expire(new ExpireCredits(book.account, "pkg", book.next("e"), book.now)))
                .as("once").isEqualTo(new ExpireOutcome.Nothing());

        var balance = balanced(ledger, book);
        assertThat(balance.pool()).isZero();
        assertThat(balance.allocations()).isEqualTo(Map.of("a", 180L, "b", 90L, "c", 30L));
        assertThat(balance.expired()).isEqualTo(1000);
        assertThat(ledger.dueExpiries(book.partition(), book.now, 100)).doesNotContain(new ExpiringLot(book.account,
                "pkg"));
        var expiry = events(ledger, book).stream().filter(e -> e.get("type").equals("expire-credits")).toList();
        assertThat(expiry).singleElement().satisfies(event -> {
            assertThat(event.get("amount")).isEqualTo("1000");
            assertThat(event.get("charges")).isEqualTo("pkg:1000");
            assertThat(event.get("fromPool")).isEqualTo("300");
            assertThat(event.get("allocs")).isEqualTo("a:420,b:210,c:70");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void anExpiryBeforeItsInstantWritesNothing(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("pkg", LotKind.PACKAGE, 1000, T0.plus(HOUR))));

        assertThat(ledger.expire(new ExpireCredits(book.account, "pkg", book.next("e"), T0.plus(HOUR).minusMillis(1))))
                .isEqualTo(new ExpireOutcome.NotDue(T0.plus(HOUR)));
        assertThat(ledger.dueExpiries(book.partition(), T0.plus(HOUR).minusMillis(1), 100))
                .doesNotContain(new ExpiringLot(book.account, "pkg"));
        assertThat(balanced(ledger, book).expired()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aListWhoseCreditsExpiredCannotSpendThePools(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("pkg", LotKind.PACKAGE, 100, T0.plus(HOUR))));
        ledger.grant(book.grant("keep", 100));
        ledger.allocate(book.allocate("list", 150));
        var list = Book.allocated("list", true);

        book.now = T0.plus(HOUR);
        // pool 50 and list 150 over lots 200; pkg's 100 expire: the pool's 50, then 50 from the list
        assertThat(ledger.reserve(book.reserve(150, list))).isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE,
                100));
        var balance = balanced(ledger, book);
        assertThat(balance.pool()).isZero();
        assertThat(balance.allocations()).isEqualTo(Map.of("list", 100L));
        assertThat(ledger.reserve(book.reserve(1))).as("the pool has nothing left")
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aMovementExpiresEveryDueLotFirstInExpiryOrderEachWithItsEvent(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("late", LotKind.PACKAGE, 30, T0.plus(HOUR.multipliedBy(2)))));
        ledger.grant(book.grant(Book.expiring("soon", LotKind.PACKAGE, 20, T0.plus(HOUR))));
        ledger.grant(book.grant("keep", 100));

        book.now = T0.plus(HOUR.multipliedBy(3));
        var meter = book.meter(10, 0);
        ledger.meter(meter);

        var types = events(ledger, book).stream().skip(3).map(e -> e.get("type") + " " + e.get("id")).toList();
        assertThat(types).containsExactly("expire-credits " + meter.eventId() + ":soon",
                "expire-credits " + meter.eventId() + ":late", "meter " + meter.eventId());
        var balance = balanced(ledger, book);
        assertThat(balance.expired()).isEqualTo(50);
        assertThat(balance.pool()).isEqualTo(90);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void heldCreditsStayHeldACommitSpendsThemAReleaseExpiresThemAtOnce(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("pkg", LotKind.PACKAGE, 100, T0.plus(HOUR))));
        var committed = reserved(ledger.reserve(book.reserve(30)));
        var released = reserved(ledger.reserve(book.reserve(20)));

        book.now = T0.plus(HOUR);
        assertThat(ledger.expire(new ExpireCredits(book.account, "pkg", book.next("e"), book.now)))
                .isEqualTo(new ExpireOutcome.Expired(50));
        assertThat(balanced(ledger, book).held()).isEqualTo(50);

        ledger.settle(book.commit(committed.reservationId()));
        var release = book.release(released.reservationId());
        ledger.settle(release);

        var balance = balanced(ledger, book);
        assertThat(balance.spent()).isEqualTo(30);
        assertThat(balance.expired()).isEqualTo(70);
        assertThat(balance.held()).isZero();
        assertThat(balance.pool()).isZero();
        assertThat(remaining(balance, "pkg")).isZero();
        var last = events(ledger, book).get(events(ledger, book).size() - 1);
        assertThat(last.get("type")).isEqualTo("expire-credits");
        assertThat(last.get("id")).isEqualTo(release.eventId() + ":pkg");
        assertThat(last.get("amount")).isEqualTo("20");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aReleaseBeforeTheExpiryGivesTheLotBackAndTheSweeperExpiresItLater(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("pkg", LotKind.PACKAGE, 100, T0.plus(HOUR))));
        var held = reserved(ledger.reserve(book.reserve(100)));
        book.now = T0.plus(HOUR);
        assertThat(ledger.expire(new ExpireCredits(book.account, "pkg", book.next("e"), book.now)))
                .as("nothing left to expire: off the schedule").isEqualTo(new ExpireOutcome.Nothing());

        book.now = T0.plus(HOUR).minusSeconds(1);
        ledger.settle(book.release(held.reservationId()));
        assertThat(remaining(balanced(ledger, book), "pkg")).as("a settle behind the expiry").isEqualTo(100);

        assertThat(ledger.dueExpiries(book.partition(), T0.plus(HOUR), 1000)).as("scheduled again")
                .contains(new ExpiringLot(book.account, "pkg"));
        assertThat(ledger.expire(new ExpireCredits(book.account, "pkg", book.next("e"), T0.plus(HOUR))))
                .isEqualTo(new ExpireOutcome.Expired(100));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void withDebtWhatTheBudgetsCannotGiveComesFromThePoolBelowZero(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.lot("sms", LotKind.PACKAGE, 100, java.util.Set.of(Service.SMS),
                java.util.OptionalInt.empty(), T0.minusSeconds(1), java.util.Optional.of(T0.plus(HOUR)))));
        ledger.allocate(book.allocate("a", 40));
        // a voice use no lot pays: debt 80, charged to the pool (60 -> -20)
        ledger.meter(new Meter(book.account, "k-voice", "fp", book.next("e"), java.util.Optional.empty(),
                Service.VOICE, 80, book.now, Book.MONTH, BurnPolicy.PLAN_FIRST, 1000, "{}"));

        book.now = T0.plus(HOUR);
        ledger.expire(new ExpireCredits(book.account, "sms", book.next("e"), book.now));

        var balance = balanced(ledger, book);
        assertThat(balance.allocations()).as("the list gives all it has, never below zero").isEqualTo(Map.of("a", 0L));
        assertThat(balance.pool()).isEqualTo(-80);
        assertThat(balance.debt()).isEqualTo(80);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aLotUsedUpBeforeItsExpiryLeavesTheScheduleWithoutAMovement(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("pkg", LotKind.PACKAGE, 100, T0.plus(HOUR))));
        ledger.meter(book.meter(100, 0));
        int before = events(ledger, book).size();

        book.now = T0.plus(HOUR);
        assertThat(ledger.expire(new ExpireCredits(book.account, "pkg", book.next("e"), book.now)))
                .isEqualTo(new ExpireOutcome.Nothing());
        assertThat(events(ledger, book)).hasSize(before);
        assertThat(ledger.dueExpiries(book.partition(), book.now, 1000)).doesNotContain(new ExpiringLot(book.account,
                "pkg"));
        assertThat(charges("pkg", 100)).isEqualTo(List.of(new Charge("pkg", 100)));
    }
}
