package io.tally.ledger;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The order in which usable lots pay: by priority (a lot's explicit priority, else the rank of its kind in
 * {@code kindOrder}; kinds missing from the list rank after all listed ones), then by {@code expiryOrder}, then
 * oldest first (grant sequence).
 */
public record BurnPolicy(List<LotKind> kindOrder, ExpiryOrder expiryOrder) {
    /** Plan allowance, commitment, subscription, package, promotional, universal, auto-recharge. */
    public static final BurnPolicy PLAN_FIRST = new BurnPolicy(List.of(LotKind.PLAN_ALLOWANCE, LotKind.COMMITMENT,
            LotKind.SUBSCRIPTION, LotKind.PACKAGE, LotKind.PROMOTIONAL, LotKind.UNIVERSAL, LotKind.AUTO_RECHARGE),
            ExpiryOrder.SOONEST_EXPIRY_FIRST);
    /** Subscription, plan allowance, commitment, package, promotional, universal, auto-recharge. */
    public static final BurnPolicy SUBSCRIPTION_FIRST = new BurnPolicy(List.of(LotKind.SUBSCRIPTION,
            LotKind.PLAN_ALLOWANCE, LotKind.COMMITMENT, LotKind.PACKAGE, LotKind.PROMOTIONAL, LotKind.UNIVERSAL,
            LotKind.AUTO_RECHARGE), ExpiryOrder.SOONEST_EXPIRY_FIRST);

    public BurnPolicy {
        kindOrder = List.copyOf(kindOrder);
        Objects.requireNonNull(expiryOrder, "expiryOrder");
    }

    /** The same kind order with another expiry order. */
    public BurnPolicy with(ExpiryOrder order) {
        return new BurnPolicy(kindOrder, order);
    }

    /**
     * The kind order as the ledger's scripts read it: the kinds' names, comma-separated. Kept for each order seen
     * (accounts use a few; every reserve and meter sends one), at most {@code KIND_NAMES_KEPT} of them.
     */
    public String kindNames() {
        var known = KIND_NAMES.get(kindOrder);
        if (known != null) {
            return known;
        }
        var names = kindOrder.stream().map(Enum::name).collect(Collectors.joining(","));
        if (KIND_NAMES.size() < KIND_NAMES_KEPT) {
            KIND_NAMES.put(kindOrder, names);
        }
        return names;
    }

    private static final int KIND_NAMES_KEPT = 256;
    private static final Map<List<LotKind>, String> KIND_NAMES = new ConcurrentHashMap<>();

    /** The priority of a kind without an explicit priority: its index in {@code kindOrder}, or the list's size. */
    public int rank(LotKind kind) {
        int index = kindOrder.indexOf(kind);
        return index < 0 ? kindOrder.size() : index;
    }
}
