package io.tally.ledger;

import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A retry with the same key and body replays the first reply and writes nothing; another body conflicts. */
class IdempotencyCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void replaysAReservation(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var command = book.reserve(300);
        var first = reserved(ledger.reserve(command));
        ledger.reserve(book.reserve(100));
        var after = ledger.balance(book.account, Book.MONTH);

        var replay = ledger.reserve(command);

        assertThat(replay).isEqualTo(new ReserveOutcome.Reserved(first.reservationId(), first.charges(),
                first.available(), first.deadline(), true));
        assertThat(ledger.balance(book.account, Book.MONTH)).isEqualTo(after);
        assertThat(LedgerCases.events(ledger, book)).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void refusesAReusedKeyWithAnotherBody(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("u", 1000));
        var command = book.reserve(300);
        ledger.reserve(command);
        var other = book.reserve(200);

        assertThat(ledger.reserve(new Reserve(book.account, command.idempotencyKey(), "other", other.eventId(),
                other.sub(), other.service(), other.amount(), other.now(), other.deadline(), other.month(),
                other.burn(), other.onExpiry(), other.detail())))
                .isEqualTo(new ReserveOutcome.Conflict());
        assertThatThrownBy(() -> new Reserve(book.account, other.idempotencyKey(), other.fingerprint(),
                command.reservationId(), other.eventId(), other.sub(), other.service(), other.amount(), other.now(),
                other.deadline(), other.month(), other.burn(), other.onExpiry(), other.detail()))
                .as("a reservation id is its idempotency key's").isInstanceOf(IllegalArgumentException.class);
        assertThat(LedgerCases.events(ledger, book)).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void replaysMeterGrantAndAllocateAndRefusesOtherBodies(LedgerUnderTest ledger) {
        var book = book();
        var grant = book.grant("u", 1000);
        var meter = book.meter(100, 0);
        var allocate = book.allocate("s", 50);
        var granted = ledger.grant(grant);
        var metered = (MeterOutcome.Metered) ledger.meter(meter);
        var allocated = (CreditOutcome.Credited) ledger.allocate(allocate);
        var after = ledger.balance(book.account, Book.MONTH);

        assertThat(ledger.grant(grant)).isEqualTo(new CreditOutcome.Credited(1000, 0, 0, true));
        assertThat(granted).isEqualTo(new CreditOutcome.Credited(1000, 0, 0, false));
        assertThat(ledger.meter(meter)).isEqualTo(new MeterOutcome.Metered(metered.charges(), 0, 0, false, true));
        assertThat(ledger.allocate(allocate)).isEqualTo(new CreditOutcome.Credited(allocated.pool(), 50, 0, true));
        assertThat(ledger.balance(book.account, Book.MONTH)).isEqualTo(after);

        assertThat(ledger.meter(new Meter(book.account, meter.idempotencyKey(), "other", "e-x", meter.sub(),
                meter.service(), 5, meter.now(), meter.month(), meter.burn(), 0, "{}")))
                .isEqualTo(new MeterOutcome.Conflict());
        assertThat(ledger.allocate(new Allocate(book.account, grant.idempotencyKey(), grant.fingerprint(), "e-y",
                "s", 5, book.now))).isEqualTo(new CreditOutcome.Conflict());
        assertThat(ledger.grant(book.grant("u", 5))).isEqualTo(new CreditOutcome.Conflict());
        assertThat(LedgerCases.events(ledger, book)).hasSize(3);
        balanced(ledger, book);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aRefusedReservationIsNotRememberedSoItsRetryCanSucceed(LedgerUnderTest ledger) {
        var book = book();
        var command = book.reserve(300);
        assertThat(ledger.reserve(command)).isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 0));

        ledger.grant(book.grant("u", 1000));

        assertThat(reserved(ledger.reserve(command)).replayed()).isFalse();
    }
}
