package io.tally.ledger;

import static io.tally.ledger.Book.T0;
import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.events;
import static io.tally.ledger.LedgerCases.remaining;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.smallrye.mutiny.Uni;

/** Lots renew at each boundary of their refresh cycle, once, in one movement: run against the model and the scripts. */
class RefreshCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";
    static final BillingCycle CYCLE = new BillingCycle(Instant.parse("2026-03-01T00:00:00Z"),
            BillingCycle.Period.MONTHLY, ZoneOffset.UTC);
    private static final Instant B1 = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant B2 = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant B3 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant B4 = Instant.parse("2026-07-01T00:00:00Z");

    static Lot plan(String id, long amount, String rollover) {
        return new Lot(id, LotKind.PLAN_ALLOWANCE, Set.of(), OptionalInt.empty(), T0.minus(Duration.ofDays(1)),
                Optional.empty(), amount, amount, 0, Optional.of(new Refresh("P1M", rollover)));
    }

    static Grant grant(Book book, Lot lot) {
        return new Grant(book.account, book.next("g"), "fp-" + lot.id(), book.next("e"), lot, book.now, "{}",
                Optional.of(CYCLE.nextBoundary(lot.effectiveFrom(), lot.refresh().orElseThrow().months())));
    }

    /** What the sweeper does: each due lot of the account renewed at its boundary, then each later one already past. */
    static int sweep(LedgerUnderTest ledger, Book book) {
        int renewed = 0;
        for (var lot : ledger.dueRefreshes(book.partition(), book.now, 1000)) {
            if (!lot.account().equals(book.account)) {
                continue;
            }
            var due = lot.due();
            while (!due.isAfter(book.now)) {
                var next = CYCLE.nextBoundary(due, lot.months());
                var outcome = ledger.refresh(new RefreshCredits(lot.account(), lot.lotId(), lot.months(),
                        book.next("r"), due, next, book.now));
                if (!(outcome instanceof RefreshOutcome.Refreshed)) {
                    break;
                }
                renewed++;
                due = next;
            }
        }
        return renewed;
    }

    private static List<Map<String, String>> refreshes(LedgerUnderTest ledger, Book book) {
        return events(ledger, book).stream().filter(e -> e.get("type").equals("refresh-credits")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void withoutRolloverWhatIsLeftExpiresPoolFirstThenTheCycleIsGrantedAgain(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(grant(book, plan("plan", 1000, "NONE")));
        ledger.allocate(book.allocate("list", 300));
        ledger.settle(book.commit(reserved(ledger.reserve(book.reserve(400))).reservationId()));
        // lot 600 left; pool 300, list 300

        book.now = B1;
        assertThat(sweep(ledger, book)).isEqualTo(1);

        var balance = balanced(ledger, book);
        assertThat(remaining(balance, "plan")).isEqualTo(1000);
        assertThat(balance.expired()).isEqualTo(600);
        assertThat(balance.pool()).as("300 expired from the pool, then 1000 granted").isEqualTo(1000);
        assertThat(balance.allocations()).isEqualTo(Map.of("list", 0L));
        assertThat(balance.granted()).isEqualTo(2000);
        assertThat(refreshes(ledger, book)).singleElement().satisfies(event -> {
            assertThat(event.get("amount")).isEqualTo("1000");
            assertThat(event.get("lot")).isEqualTo("plan");
            assertThat(event.get("expired")).isEqualTo("600");
            assertThat(event.get("fromPool")).isEqualTo("300");
            assertThat(event.get("allocs")).isEqualTo("list:300");
            assertThat(event.get("cycle")).isEqualTo(Long.toString(B1.toEpochMilli()));
            assertThat(event.get("next")).isEqualTo(Long.toString(B2.toEpochMilli()));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void allRollsEverythingOverAndCappedUpToItsCap(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(grant(book, plan("all", 1000, "ALL")));
        ledger.grant(grant(book, plan("capped", 1000, "CAPPED:250")));
        ledger.settle(book.commit(reserved(ledger.reserve(book.reserve(1400))).reservationId()));
        book.now = B1;
        assertThat(sweep(ledger, book)).isEqualTo(2);

        var balance = balanced(ledger, book);
        assertThat(remaining(balance, "all")).as("0 left, rolled over, plus 1000").isEqualTo(1000);
        assertThat(remaining(balance, "capped")).as("600 left: 250 kept, 350 expired, plus 1000").isEqualTo(1250);
        assertThat(balance.expired()).isEqualTo(350);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void allKeepsWhatIsLeftBeyondTheGrantedAmount(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(grant(book, plan("all", 1000, "ALL")));
        ledger.settle(book.commit(reserved(ledger.reserve(book.reserve(300))).reservationId()));

        book.now = B1;
        sweep(ledger, book);

        var balance = balanced(ledger, book);
        assertThat(remaining(balance, "all")).isEqualTo(1700);
        assertThat(balance.expired()).isZero();
        book.now = B1.plusSeconds(1);
        assertThat(reserved(ledger.reserve(book.reserve(1700))).charges()).containsExactly(new Charge("all", 1700));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void threeMissedCyclesAreCaughtUpInOrder(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(grant(book, plan("plan", 1000, "CAPPED:100")));
        ledger.settle(book.commit(reserved(ledger.reserve(book.reserve(200))).reservationId()));

        book.now = B3.plus(Duration.ofDays(3));
        assertThat(sweep(ledger, book)).isEqualTo(3);
        assertThat(sweep(ledger, book)).as("once per cycle").isZero();

        var balance = balanced(ledger, book);
        // B1: 800 left, 100 kept, 700 expired, +1000 = 1100; B2: 100 kept, 1000 expired, +1000; B3 the same
        assertThat(remaining(balance, "plan")).isEqualTo(1100);
        assertThat(balance.expired()).isEqualTo(2700);
        assertThat(balance.granted()).isEqualTo(4000);
        assertThat(refreshes(ledger, book)).extracting(e -> e.get("cycle"), e -> e.get("next"), e -> e.get("expired"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ms(B1), ms(B2), "700"),
                        org.assertj.core.groups.Tuple.tuple(ms(B2), ms(B3), "1000"),
                        org.assertj.core.groups.Tuple.tuple(ms(B3), ms(B4), "1000"));
        assertThat(ledger.dueRefreshes(book.partition(), B4, 1000)).contains(new RefreshingLot(book.account, "plan",
                1, B4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aBoundaryIsRenewedOnceWhoeverAsksAgain(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(grant(book, plan("plan", 1000, "NONE")));
        book.now = B1;
        var first = new RefreshCredits(book.account, "plan", 1, book.next("r"), B1, B2, book.now);
        var second = new RefreshCredits(book.account, "plan", 1, book.next("r"), B1, B2, book.now);

        assertThat(ledger.refresh(first)).isEqualTo(new RefreshOutcome.Refreshed(1000, 0, 0));
        assertThat(ledger.refresh(second)).isEqualTo(new RefreshOutcome.NotThisCycle(B2));
        assertThat(ledger.refresh(new RefreshCredits(book.account, "plan", 1, book.next("r"), B2, B3, book.now)))
                .as("not due yet").isEqualTo(new RefreshOutcome.NotDue(B2));
        assertThat(refreshes(ledger, book)).hasSize(1);
        assertThat(balanced(ledger, book).granted()).isEqualTo(2000);
    }

    @Test
    void twoRacingSweepsRenewACycleOnce() {
        var ledger = TestRedis.opened(new RedisLedger(TestRedis.client(), LedgerUnderTest.PARTITIONS,
                Duration.ofDays(7)));
        var scripts = new LedgerUnderTest.Scripts(TestRedis.client(), ledger);
        var book = book();
        scripts.grant(grant(book, plan("plan", 1000, "NONE")));
        book.now = B1;
        var calls = new java.util.ArrayList<Uni<RefreshOutcome>>();
        for (int i = 0; i < 8; i++) {
            calls.add(ledger.refresh(new RefreshCredits(book.account, "plan", 1, book.next("r"), B1, B2, book.now)));
        }
        var outcomes = Uni.join().all(calls).andFailFast().await().atMost(TestRedis.TIMEOUT);

        assertThat(outcomes).filteredOn(o -> o instanceof RefreshOutcome.Refreshed).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof RefreshOutcome.NotThisCycle).hasSize(7);
        assertThat(refreshes(scripts, book)).hasSize(1);
        assertThat(balanced(scripts, book).granted()).isEqualTo(2000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aLotPastItsBoundaryIsNotUsableUntilRenewed(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(grant(book, plan("plan", 1000, "NONE")));
        ledger.grant(book.grant("keep", 200));

        book.now = B1;
        assertThat(ledger.reserve(book.reserve(300))).as("the plan's old cycle is over, its new one not granted yet")
                .isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 200));
        sweep(ledger, book);
        assertThat(reserved(ledger.reserve(book.reserve(300))).charges()).containsExactly(new Charge("plan", 300));
        balanced(ledger, book);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aLotPastItsExpiryAtTheBoundaryStopsRefreshing(LedgerUnderTest ledger) {
        var book = book();
        var lot = new Lot("plan", LotKind.COMMITMENT, Set.of(), OptionalInt.empty(), T0.minus(Duration.ofDays(1)),
                Optional.of(B1), 1000, 1000, 0, Optional.of(new Refresh("P1M", "ALL")));
        ledger.grant(grant(book, lot));

        book.now = B1;
        assertThat(ledger.refresh(new RefreshCredits(book.account, "plan", 1, book.next("r"), B1, B2, book.now)))
                .isEqualTo(new RefreshOutcome.Nothing());
        assertThat(ledger.dueRefreshes(book.partition(), B4, 1000)).noneMatch(due -> due.account().equals(
                book.account));
        assertThat(refreshes(ledger, book)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void theRenewalPaysTheDebtFirst(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(grant(book, plan("plan", 1000, "NONE")));
        ledger.meter(book.meter(1300, 10_000));

        book.now = B1;
        sweep(ledger, book);

        var balance = balanced(ledger, book);
        assertThat(balance.debt()).isZero();
        assertThat(remaining(balance, "plan")).isEqualTo(700);
        assertThat(refreshes(ledger, book)).singleElement().satisfies(e -> assertThat(e.get("debtPaid"))
                .isEqualTo("300"));
    }

    private static String ms(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }
}
