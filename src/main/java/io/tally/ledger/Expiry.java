package io.tally.ledger;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which budgets lose the credits of a lot that expires (docs/ledger.md "Expiry"): first the pool (the credits no
 * sub-account holds), down to zero; then the sub-accounts' allocations in proportion to each positive allocation,
 * rounded to the micro-credit by largest remainder (ties by sub-account id), down to zero; anything still left (only
 * while the account has debt, since {@code pool + Σ allocations = Σ remaining − debt}) from the pool, below zero.
 * Mirrored by {@code expire_split} in the scripts' {@code _lib.lua}.
 */
public final class Expiry {
    /**
     * The most lots one reserve, meter or allocate expires ({@code EXPIRE_CAP} in {@code _lib.lua}): each expiry splits
     * over every allocation of the account, so the rest are left to the sweeper, and counted as pending until then.
     */
    public static final int CAP = 2;

    private Expiry() {
    }

    /**
     * The pool and the allocation a movement decides on while {@code pending} credits (of lots past their expiry it left
     * unexpired, or waiting for their refresh) are still in them: the pool as their expiry will leave it (it gives
     * first), the allocation less the most its share could be (the whole rest). Never more than the budgets hold once
     * those credits are gone. Mirrored by {@code shadow} in {@code _lib.lua}.
     */
    public static long[] shadow(long pool, long allocation, long pending) {
        if (pending <= 0) {
            return new long[] { pool, allocation };
        }
        long fromPool = Math.min(pending, Math.max(pool, 0));
        long rest = pending - fromPool;
        return new long[] { pool - fromPool, allocation - Math.min(rest, Math.max(allocation, 0)) };
    }

    /**
     * What each budget gives up.
     *
     * @param fromPool taken from the pool
     * @param fromAllocations taken from each sub-account's allocation, by sub-account id, only those that gave
     */
    public record Split(long fromPool, SortedMap<String, Long> fromAllocations) {
        public Split {
            fromAllocations = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(fromAllocations));
        }

        /** {@code sub:amount,…} in sub-account order, as the expire-credits event carries it. */
        public String allocs() {
            return fromAllocations.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(","));
        }

        public long total() {
            return fromPool + fromAllocations.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** How {@code amount} (> 0) leaves the budgets {@code pool} and {@code allocations} (by sub-account id). */
    public static Split split(long amount, long pool, Map<String, Long> allocations) {
        if (amount <= 0) {
            throw new IllegalArgumentException("an expiring amount is positive: " + amount);
        }
        long fromPool = Math.min(amount, Math.max(pool, 0));
        long rest = amount - fromPool;
        var positive = new TreeMap<String, Long>();
        allocations.forEach((sub, allocation) -> {
            if (allocation > 0) {
                positive.put(sub, allocation);
            }
        });
        long total = positive.values().stream().mapToLong(Long::longValue).sum();
        long take = Math.min(rest, total);
        var shares = new TreeMap<String, Long>();
        if (take > 0) {
            var remainders = new ArrayList<Map.Entry<String, Long>>();
            long given = 0;
            var whole = BigInteger.valueOf(total);
            for (var entry : positive.entrySet()) {
                var qr = BigInteger.valueOf(take).multiply(BigInteger.valueOf(entry.getValue())).divideAndRemainder(
                        whole);
                long share = qr[0].longValueExact();
                shares.put(entry.getKey(), share);
                given += share;
                remainders.add(Map.entry(entry.getKey(), qr[1].longValueExact()));
            }
            remainders.sort(Comparator.<Map.Entry<String, Long>> comparingLong(Map.Entry::getValue).reversed()
                    .thenComparing(Map.Entry::getKey));
            for (int i = 0; given < take; i++, given++) {
                shares.merge(remainders.get(i).getKey(), 1L, Long::sum);
            }
            shares.values().removeIf(share -> share == 0);
        }
        return new Split(fromPool + rest - take, shares);
    }

    /** The lots past their expiry at {@code now} with credits left, in the order they expire: expiry, then seq. */
    public static List<Lot> due(java.util.Collection<Lot> lots, java.time.Instant now) {
        return lots.stream()
                .filter(lot -> lot.remaining() > 0)
                .filter(lot -> lot.expiresAt().filter(at -> !now.isBefore(at)).isPresent())
                .sorted(Comparator.comparing((Lot lot) -> lot.expiresAt().orElseThrow()).thenComparingLong(Lot::seq))
                .toList();
    }

    /** The event id of the expiry of {@code lotId} that the command {@code eventId} caused. */
    public static String eventId(String eventId, String lotId) {
        return eventId + ":" + lotId;
    }
}
