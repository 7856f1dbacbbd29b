package io.tally.ledger;

import static io.tally.ledger.Book.T0;
import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.events;
import static io.tally.ledger.LedgerCases.reserved;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A purchase with extendExpiryOnPurchase moves the expiry of the account's unexpired package lots to the new lot's:
 * meta and schedule together, never reviving a lot past its expiry. Run against the model and the script.
 */
class ExtendExpiryCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Instant TARGET = T0.plus(Duration.ofDays(730));

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void onlyUnexpiredPackageLotsExpiringEarlierMove(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("live", LotKind.PACKAGE, 100, T0.plus(HOUR))));
        ledger.grant(book.grant(Book.expiring("lapsed", LotKind.PACKAGE, 200, T0.plus(Duration.ofMinutes(10)))));
        ledger.grant(book.grant(Book.expiring("promo", LotKind.PROMOTIONAL, 300, T0.plus(HOUR))));
        ledger.grant(book.grant(Book.expiring("later", LotKind.PACKAGE, 400, TARGET.plus(HOUR))));
        ledger.grant(book.grant("forever", 500));
        ledger.grant(book.grant(Book.expiring("bought", LotKind.PACKAGE, 600, TARGET)));
        book.now = T0.plus(Duration.ofMinutes(30));
        int before = events(ledger, book).size();

        var extend = new ExtendExpiry(book.account, "bought", TARGET, book.next("e"), book.now);
        assertThat(ledger.extendExpiry(extend)).isEqualTo(1);

        assertThat(expiries(ledger, book)).isEqualTo(Map.of("live", Optional.of(TARGET),
                "lapsed", Optional.of(T0.plus(Duration.ofMinutes(10))), "promo", Optional.of(T0.plus(HOUR)),
                "later", Optional.of(TARGET.plus(HOUR)), "forever", Optional.empty(), "bought", Optional.of(TARGET)));
        var moved = events(ledger, book).subList(before, events(ledger, book).size());
        assertThat(moved).singleElement().satisfies(event -> {
            assertThat(event.get("type")).isEqualTo("extend-expiry");
            assertThat(event.get("id")).isEqualTo(extend.eventId() + ":live");
            assertThat(event.get("lot")).isEqualTo("live");
            assertThat(event.get("amount")).isEqualTo("100");
            assertThat(event.get("previous")).isEqualTo(Long.toString(T0.plus(HOUR).toEpochMilli()));
            assertThat(event.get("meta")).contains("|" + TARGET.toEpochMilli() + "|");
        });
        assertThat(ledger.dueExpiries(book.partition(), T0.plus(HOUR), 1000))
                .doesNotContain(new ExpiringLot(book.account, "live"))
                .contains(new ExpiringLot(book.account, "lapsed"), new ExpiringLot(book.account, "promo"));
        assertThat(ledger.dueExpiries(book.partition(), TARGET, 1000)).contains(new ExpiringLot(book.account, "live"));

        assertThat(ledger.extendExpiry(new ExtendExpiry(book.account, "bought", TARGET, book.next("e"), book.now)))
                .as("a repeat moves nothing").isZero();
        assertThat(events(ledger, book)).hasSize(before + 1);
        assertThat(ledger.expire(new ExpireCredits(book.account, "lapsed", book.next("e"), book.now)))
                .as("a lapsed lot is never revived").isEqualTo(new ExpireOutcome.Expired(200));
        balanced(ledger, book);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void anExtendedLotPaysAfterItsFormerExpiry(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant(Book.expiring("old", LotKind.PACKAGE, 100, T0.plus(HOUR))));
        ledger.extendExpiry(new ExtendExpiry(book.account, "new", TARGET, book.next("e"), book.now));

        book.now = T0.plus(HOUR).plusSeconds(1);
        var reserve = reserved(ledger.reserve(book.reserve(40)));

        assertThat(reserve.charges()).containsExactly(new Charge("old", 40));
        assertThat(balanced(ledger, book).expired()).isZero();
        assertThat(ledger.expire(new ExpireCredits(book.account, "old", book.next("e"), book.now)))
                .isEqualTo(new ExpireOutcome.NotDue(TARGET));
    }

    private static Map<String, Optional<Instant>> expiries(LedgerUnderTest ledger, Book book) {
        return ledger.balance(book.account, Book.MONTH).lots().stream()
                .collect(Collectors.toMap(Lot::id, Lot::expiresAt));
    }
}
