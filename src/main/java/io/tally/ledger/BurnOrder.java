package io.tally.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Which lots pay, and in what order (docs/ledger.md, "Burn order"); mirrored by the scripts' Lua. */
public final class BurnOrder {
    private BurnOrder() {
    }

    /** The lots that can pay for {@code service} at {@code now} (usable, remaining > 0), in burn order. */
    public static List<Lot> usable(Collection<Lot> lots, Service service, Instant now, BurnPolicy policy) {
        return usable(lots, service, "", now, policy);
    }

    /** The lots that can pay for a use of {@code service} of {@code category} ({@code ""} = none) at {@code now}. */
    public static List<Lot> usable(Collection<Lot> lots, Service service, String category, Instant now,
            BurnPolicy policy) {
        return lots.stream()
                .filter(lot -> lot.remaining() > 0)
                .filter(lot -> lot.usable(service, category, now))
                .sorted(comparator(policy))
                .toList();
    }

    /** Takes up to {@code amount} from the ordered lots, each paying what it can; the charges in that order. */
    public static List<Charge> charge(List<Lot> ordered, long amount) {
        var charges = new ArrayList<Charge>();
        long left = amount;
        for (var lot : ordered) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, lot.remaining());
            charges.add(new Charge(lot.id(), take));
            left -= take;
        }
        return charges;
    }

    static Comparator<Lot> comparator(BurnPolicy policy) {
        Comparator<Lot> byPriority = Comparator.comparingInt(lot -> lot.priority().orElse(policy.rank(lot.kind())));
        return byPriority
                .thenComparingLong(lot -> expiryKey(lot, policy.expiryOrder()))
                .thenComparingLong(Lot::seq);
    }

    private static long expiryKey(Lot lot, ExpiryOrder order) {
        long never = order == ExpiryOrder.SOONEST_EXPIRY_FIRST ? Long.MAX_VALUE : Long.MIN_VALUE;
        return lot.expiresAt().map(Instant::toEpochMilli).orElse(never);
    }

    static long total(List<Lot> lots) {
        return lots.stream().mapToLong(Lot::remaining).sum();
    }
}
