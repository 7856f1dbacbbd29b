package io.tally.ledger;

import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Auto-recharge detection in the movement scripts, and the recharge queue: model and scripts. */
class RechargeCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";
    private static final OptionalLong BELOW_100 = OptionalLong.of(100);
    private static final Duration LEASE = Duration.ofSeconds(30);

    /** The book's account's due recharges (the partition holds other tests' accounts too). */
    private static List<DueRecharge> due(LedgerUnderTest ledger, Book book, Instant now) {
        return ledger.dueRecharges(book.partition(), now, LEASE, 1000).stream()
                .filter(recharge -> recharge.account().equals(book.account))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aReserveCrossingTheThresholdOpensOneRecharge(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 300));

        ledger.reserve(book.reserve(150).withRechargeBelow(BELOW_100));
        assertThat(ledger.recharge(book.account)).as("still at 150").isEmpty();
        var crossing = book.reserve(100).withRechargeBelow(BELOW_100);
        reserved(ledger.reserve(crossing));
        var opened = "OPEN|" + crossing.eventId() + "|" + book.now.toEpochMilli();
        assertThat(ledger.recharge(book.account)).contains(opened);

        book.now = book.now.plusSeconds(1);
        reserved(ledger.reserve(book.reserve(10).withRechargeBelow(BELOW_100)));
        assertThat(ledger.recharge(book.account)).as("one open per account").contains(opened);
        assertThat(due(ledger, book, book.now))
                .containsExactly(new DueRecharge(book.account, crossing.eventId(), Book.T0));
        assertThat(due(ledger, book, book.now)).as("leased").isEmpty();
        assertThat(due(ledger, book, book.now.plus(LEASE))).as("lease over")
                .hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void noThresholdOrAboveItOpensNothing(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 300));

        reserved(ledger.reserve(book.reserve(250)));
        ledger.meter(book.meter(10, 0).withRechargeBelow(OptionalLong.of(40)));
        var refused = book.reserve(100).withRechargeBelow(BELOW_100);
        assertThat(ledger.reserve(refused)).isInstanceOf(ReserveOutcome.Insufficient.class);

        assertThat(ledger.recharge(book.account)).isEmpty();
        assertThat(due(ledger, book, book.now)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aMeterIntoDebtOpensOne(LedgerUnderTest ledger) {
        var book = book();
        var meter = book.meter(50, 100).withRechargeBelow(OptionalLong.of(1));

        ledger.meter(meter);

        assertThat(ledger.recharge(book.account)).contains("OPEN|" + meter.eventId() + "|" + Book.T0.toEpochMilli());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aDoneRechargeLetsTheNextShortfallOpenAnother(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 100));
        var first = book.reserve(50).withRechargeBelow(BELOW_100);
        ledger.reserve(first);

        assertThat(ledger.endRecharge(book.account, "other", RechargeEnd.DONE, book.now)).isFalse();
        assertThat(ledger.endRecharge(book.account, first.eventId(), RechargeEnd.DONE, book.now)).isTrue();
        assertThat(ledger.recharge(book.account)).isEmpty();
        assertThat(due(ledger, book, book.now)).isEmpty();
        assertThat(ledger.endRecharge(book.account, first.eventId(), RechargeEnd.DONE, book.now)).as("once")
                .isFalse();

        var second = book.reserve(10).withRechargeBelow(BELOW_100);
        ledger.reserve(second);
        assertThat(ledger.recharge(book.account)).hasValueSatisfying(v -> assertThat(v).contains(second.eventId()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aRetryIsDueAgainAtItsTime(LedgerUnderTest ledger) {
        var book = book();
        var meter = book.meter(5, 100).withRechargeBelow(BELOW_100);
        ledger.meter(meter);
        due(ledger, book, book.now);

        assertThat(ledger.endRecharge(book.account, meter.eventId(), RechargeEnd.RETRY, book.now.plusSeconds(5)))
                .isTrue();

        assertThat(due(ledger, book, book.now.plusSeconds(4))).isEmpty();
        assertThat(due(ledger, book, book.now.plusSeconds(5)))
                .extracting(DueRecharge::rechargeId).containsExactly(meter.eventId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aFailedRechargeWaitsForCreditsFromElsewhere(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 100));
        var first = book.reserve(50).withRechargeBelow(BELOW_100);
        ledger.reserve(first);
        ledger.endRecharge(book.account, first.eventId(), RechargeEnd.FAILED, book.now);
        var failed = "FAILED|" + first.eventId() + "|100";
        assertThat(ledger.recharge(book.account)).contains(failed);

        ledger.reserve(book.reserve(10).withRechargeBelow(BELOW_100));
        assertThat(ledger.recharge(book.account)).as("no new one while failed").contains(failed);
        assertThat(due(ledger, book, book.now)).isEmpty();

        ledger.grant(book.grant("more", 20));
        var after = book.reserve(10).withRechargeBelow(BELOW_100);
        ledger.reserve(after);
        assertThat(ledger.recharge(book.account)).hasValueSatisfying(v -> assertThat(v).startsWith("OPEN|"
                + after.eventId()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aReleaseNeverOpensOne(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 100));
        var hold = reserved(ledger.reserve(book.reserve(80)));

        ledger.settle(book.release(hold.reservationId()));

        assertThat(ledger.recharge(book.account)).isEmpty();
    }
}
