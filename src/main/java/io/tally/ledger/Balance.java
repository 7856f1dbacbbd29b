package io.tally.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of an account: every lot ever granted (in grant order, exhausted and expired ones too), the totals,
 * the pool, the allocations by sub-account, and each sub-account's spend (including open holds) in the asked month.
 * {@code expired} is what left the books by expiry. {@code periodSpend} is every sub-account's spend by
 * {@code <sub>:<period label>} and {@code accountSpend} the account's by the label of its spending limit's period
 * (both without zeros: an absent field and a zero one are the same). Invariants:
 * {@code Σ lots.remaining + held + spent + expired = granted + debt} and
 * {@code pool + Σ allocations = Σ lots.remaining − debt}.
 */
public record Balance(List<Lot> lots, long held, long spent, long granted, long debt, long pool,
        Map<String, Long> allocations, Map<String, Long> monthSpend, long expired, Map<String, Long> periodSpend,
        Map<String, Long> accountSpend) {
    public Balance {
        lots = List.copyOf(lots);
        allocations = Map.copyOf(allocations);
        monthSpend = Map.copyOf(monthSpend);
        periodSpend = nonZero(periodSpend);
        accountSpend = nonZero(accountSpend);
    }

    /** A balance without spend by period. */
    public Balance(List<Lot> lots, long held, long spent, long granted, long debt, long pool,
            Map<String, Long> allocations, Map<String, Long> monthSpend, long expired) {
        this(lots, held, spent, granted, debt, pool, allocations, monthSpend, expired, Map.of(), Map.of());
    }

    private static Map<String, Long> nonZero(Map<String, Long> spend) {
        var kept = new TreeMap<String, Long>();
        spend.forEach((key, value) -> {
            if (value != 0) {
                kept.put(key, value);
            }
        });
        return Map.copyOf(kept);
    }

    /** The sub-account's spend in the period {@code label}. */
    public long subSpend(String sub, String label) {
        return periodSpend.getOrDefault(sub + ":" + label, 0L);
    }

    /** A balance with nothing expired yet. */
    public Balance(List<Lot> lots, long held, long spent, long granted, long debt, long pool,
            Map<String, Long> allocations, Map<String, Long> monthSpend) {
        this(lots, held, spent, granted, debt, pool, allocations, monthSpend, 0);
    }

    public long remaining() {
        return lots.stream().mapToLong(Lot::remaining).sum();
    }

    /**
     * This balance as it is at {@code now} once the lots past their expiry have expired ({@link Expiry}): what the
     * ledger does at the next movement of the account or the next sweep, so that what it shows never counts credits
     * that can no longer be used.
     */
    public Balance at(Instant now) {
        var due = Expiry.due(lots, now);
        if (due.isEmpty()) {
            return this;
        }
        var byId = new java.util.LinkedHashMap<String, Lot>();
        lots.forEach(lot -> byId.put(lot.id(), lot));
        var budgets = new TreeMap<>(allocations);
        long newPool = pool;
        long newExpired = expired;
        for (var lot : due) {
            var split = Expiry.split(lot.remaining(), newPool, budgets);
            newPool -= split.fromPool();
            split.fromAllocations().forEach((sub, taken) -> budgets.merge(sub, -taken, Long::sum));
            newExpired += lot.remaining();
            byId.put(lot.id(), lot.withRemaining(0));
        }
        return new Balance(new ArrayList<>(byId.values()), held, spent, granted, debt, newPool, budgets, monthSpend,
                newExpired, periodSpend, accountSpend);
    }

    /** The credits usable at {@code now} (effective, not expired), less the debt. */
    public long available(Instant now) {
        return lots.stream()
                .filter(lot -> !now.isBefore(lot.effectiveFrom()))
                .filter(lot -> lot.expiresAt().map(now::isBefore).orElse(true))
                .mapToLong(Lot::remaining)
                .sum() - debt;
    }
}
