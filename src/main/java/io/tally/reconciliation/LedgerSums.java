package io.tally.reconciliation;

import java.util.Map;
import java.util.TreeMap;

/**
 * An account's ledger entries summed per balance field (docs/usage.md "Ledger entries"): the totals, the allocation
 * of each sub-account and its spend per month (only those some entry moved), each lot's remaining credits, and the
 * lots' metas from their grants.
 *
 * @param monthSpend by {@code <sub>:<yyyy-MM>}
 * @param lots remaining credits by lot id
 * @param metas the {@code meta:} value of each lot by lot id, as its grant event carried it
 * @param expired the credits that left the books at their lots' expiry
 */
public record LedgerSums(long granted, long spent, long held, long debt, long pool, Map<String, Long> allocations,
        Map<String, Long> monthSpend, Map<String, Long> lots, Map<String, String> metas, long expired) {

    public static final LedgerSums NONE = new LedgerSums(0, 0, 0, 0, 0, Map.of(), Map.of(), Map.of(), Map.of(), 0);

    /** The position of the lot's sequence number in a {@code meta:} value (docs/ledger.md "Redis keys"). */
    private static final int META_SEQ = 5;

    public LedgerSums {
        allocations = Map.copyOf(allocations);
        monthSpend = Map.copyOf(monthSpend);
        lots = Map.copyOf(lots);
        metas = Map.copyOf(metas);
    }

    /** Sums of an account of which nothing expired. */
    public LedgerSums(long granted, long spent, long held, long debt, long pool, Map<String, Long> allocations,
            Map<String, Long> monthSpend, Map<String, Long> lots, Map<String, String> metas) {
        this(granted, spent, held, debt, pool, allocations, monthSpend, lots, metas, 0);
    }

    /**
     * The account hash ({@code {pN}:acct:<id>}) these sums describe, field by field as Redis stores it: what a
     * reconciliation compares with and what a rebuild writes. {@code seq} is the highest lot sequence.
     */
    public Map<String, String> hash() {
        var hash = new TreeMap<String, String>();
        hash.put("granted", Long.toString(granted));
        hash.put("spent", Long.toString(spent));
        hash.put("held", Long.toString(held));
        hash.put("debt", Long.toString(debt));
        hash.put("pool", Long.toString(pool));
        if (expired != 0) {
            hash.put("expired", Long.toString(expired));
        }
        allocations.forEach((sub, value) -> hash.put("alloc:" + sub, Long.toString(value)));
        monthSpend.forEach((subMonth, value) -> hash.put("spend:" + subMonth, Long.toString(value)));
        lots.forEach((lot, value) -> hash.put("lot:" + lot, Long.toString(value)));
        metas.forEach((lot, meta) -> hash.put("meta:" + lot, meta));
        long seq = metas.values().stream().mapToLong(LedgerSums::seq).max().orElse(0);
        if (seq > 0) {
            hash.put("seq", Long.toString(seq));
        }
        return hash;
    }

    private static long seq(String meta) {
        var parts = meta.split("\\|", -1);
        if (parts.length <= META_SEQ) {
            throw new IllegalArgumentException("a lot meta without a sequence: " + meta);
        }
        return Long.parseLong(parts[META_SEQ]);
    }
}
