package io.tally.ledger;

import static io.tally.ledger.LedgerCases.balanced;
import static io.tally.ledger.LedgerCases.book;
import static io.tally.ledger.LedgerCases.events;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A grant that names a sub-account (an office's purchase) puts the credits in its allocation in the grant's own
 * movement: one event, never in the pool in between, so nothing can spend them from the pool before they are the
 * office's, and a retry of the grant is a replay with its allocation. Run against the model and the script.
 */
class GrantToSubAccountCaseTest {
    private static final String LEDGERS = "io.tally.ledger.LedgerCases#ledgers";

    private static Grant toOffice(Book book, String key, String lotId, long amount) {
        return new Grant(book.account, key, "fp-" + lotId, book.next("e"), Book.lot(lotId, LotKind.PACKAGE, amount),
                book.now, "{}", Optional.empty(), Optional.of("milan"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void theGrantAndItsAllocationAreOneMovementAndARetryReplaysBoth(LedgerUnderTest ledger) {
        var book = book();
        ledger.grant(book.grant("pool", 50));
        int before = events(ledger, book).size();

        var grant = toOffice(book, "purchase-1", "bought", 300);
        assertThat(ledger.grant(grant)).isEqualTo(new CreditOutcome.Credited(50, 300, 0, false));
        var retry = new Grant(grant.account(), grant.idempotencyKey(), grant.fingerprint(), book.next("e"),
                grant.lot(), book.now, "{}", Optional.empty(), Optional.of("milan"));
        assertThat(ledger.grant(retry)).isEqualTo(new CreditOutcome.Credited(50, 300, 0, true));

        var moved = events(ledger, book).subList(before, events(ledger, book).size());
        assertThat(moved).as("one event for the grant and its allocation, none for the retry").singleElement()
                .satisfies(event -> {
                    assertThat(event.get("type")).isEqualTo("grant");
                    assertThat(event.get("sub")).isEqualTo("milan");
                    assertThat(event.get("lot")).isEqualTo("bought");
                    assertThat(event.get("amount")).isEqualTo("300");
                });
        var balance = balanced(ledger, book);
        assertThat(balance.pool()).isEqualTo(50);
        assertThat(balance.allocations()).containsEntry("milan", 300L);
        assertThat(balance.lots()).extracting(Lot::id).containsExactlyInAnyOrder("pool", "bought");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LEDGERS)
    void aGrantToAnOfficePaysTheDebtFirst(LedgerUnderTest ledger) {
        var book = book();
        ledger.meter(book.meter(120, 1_000));

        assertThat(ledger.grant(toOffice(book, "purchase-2", "bought", 300)))
                .as("the lot pays the debt first (back to the pool that carried it); the office gets the rest")
                .isEqualTo(new CreditOutcome.Credited(0, 180, 120, false));

        var balance = balanced(ledger, book);
        assertThat(balance.debt()).isZero();
        assertThat(balance.allocations()).containsEntry("milan", 180L);
        assertThat(balance.pool()).isZero();
    }
}
