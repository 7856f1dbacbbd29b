package io.tally.ledger;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of an account: every lot ever granted (in grant order, exhausted and expired ones too), the totals,
 * the pool, the allocations by sub-account, and each sub-account's spend (including open holds) in the asked month.
 * Invariants: {@code Σ lots.remaining + held + spent = granted + debt} and
 * {@code pool + Σ allocations = Σ lots.remaining − debt}.
 */
public record Balance(List<Lot> lots, long held, long spent, long granted, long debt, long pool,
        Map<String, Long> allocations, Map<String, Long> monthSpend) {
    public Balance {
        lots = List.copyOf(lots);
        allocations = Map.copyOf(allocations);
        monthSpend = Map.copyOf(monthSpend);
    }

    public long remaining() {
        return lots.stream().mapToLong(Lot::remaining).sum();
    }
}
