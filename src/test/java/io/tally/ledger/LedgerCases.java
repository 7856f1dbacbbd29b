package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** Shared pieces of the case tables: each table runs once against the model and once against the scripts. */
final class LedgerCases {
    private LedgerCases() {
    }

    static Stream<LedgerUnderTest> ledgers() {
        return Stream.of(LedgerUnderTest.of("model"), LedgerUnderTest.of("redis"));
    }

    /** A book for a fresh account (random id, so tests never see each other's state in the shared Redis). */
    static Book book() {
        return new Book("a" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    }

    static ReserveOutcome.Reserved reserved(ReserveOutcome outcome) {
        assertThat(outcome).isInstanceOf(ReserveOutcome.Reserved.class);
        return (ReserveOutcome.Reserved) outcome;
    }

    static List<Charge> charges(Object... lotAndAmount) {
        var charges = new java.util.ArrayList<Charge>();
        for (int i = 0; i < lotAndAmount.length; i += 2) {
            charges.add(new Charge((String) lotAndAmount[i], ((Number) lotAndAmount[i + 1]).longValue()));
        }
        return charges;
    }

    static long remaining(Balance balance, String lotId) {
        return balance.lots().stream().filter(lot -> lot.id().equals(lotId)).findFirst().orElseThrow().remaining();
    }

    /** The account's events in its partition's stream. */
    static List<Map<String, String>> events(LedgerUnderTest ledger, Book book) {
        return ledger.events(book.partition()).stream()
                .filter(event -> event.get("account").equals(book.account))
                .toList();
    }

    static Balance balanced(LedgerUnderTest ledger, Book book) {
        var balance = ledger.balance(book.account, Book.MONTH);
        long allocations = balance.allocations().values().stream().mapToLong(Long::longValue).sum();
        assertThat(balance.remaining() + balance.held() + balance.spent() + balance.expired())
                .as("Σ remaining + held + spent + expired = granted + debt")
                .isEqualTo(balance.granted() + balance.debt());
        assertThat(balance.pool() + allocations)
                .as("pool + Σ allocations = Σ remaining − debt")
                .isEqualTo(balance.remaining() - balance.debt());
        return balance;
    }
}
