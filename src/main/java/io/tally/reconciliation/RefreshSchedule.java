package io.tally.reconciliation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.tally.ledger.BillingCycle;
import io.tally.ledger.Refresh;

/**
 * The refresh schedule a rebuild gives back to an account's lots (docs/usage.md "Rebuild"): each lot with a refresh
 * rule renews next at the boundary its latest {@code refresh-credits} entry names ({@code next}); a lot never renewed
 * at the first boundary of its period strictly after its effective time or its grant, whichever is later (as the
 * grant computed it). A lot whose expiry comes at or before that boundary is left off: the refresh would only drop it.
 */
final class RefreshSchedule {
    /** Positions in a {@code meta:} value (docs/ledger.md "Redis keys"). */
    private static final int META_FROM = 3;
    private static final int META_EXPIRES = 4;
    private static final int META_PERIOD = 7;

    private RefreshSchedule() {
    }

    /** What the ledger entries say of one lot that refreshes. */
    record Start(String lotId, Instant grantedAt, Optional<Instant> next) {
    }

    /** A lot's next boundary, and its period in months (the schedule member is {@code <account>:<lot>:<months>}). */
    record Next(String lotId, int months, Instant at) {
        /** {@code lotId:months:at_ms}, as rebuild.lua reads it. */
        String argument() {
            return lotId + ":" + months + ":" + at.toEpochMilli();
        }
    }

    /**
     * The next boundary of every lot of {@code starts} whose meta (by lot id, as the rebuild writes it) has a refresh
     * period, in lot id order.
     */
    static List<Next> of(List<Start> starts, Map<String, String> metas, BillingCycle cycle) {
        var next = new TreeMap<String, Next>();
        for (var start : starts) {
            var meta = metas.get(start.lotId());
            if (meta == null) {
                continue;
            }
            var parts = meta.split("\\|", -1);
            if (parts.length <= META_PERIOD || parts[META_PERIOD].isEmpty()) {
                continue;
            }
            int months = Refresh.months(parts[META_PERIOD]);
            var at = start.next().orElseGet(() -> {
                var from = Instant.ofEpochMilli(Long.parseLong(parts[META_FROM]));
                return cycle.nextBoundary(from.isAfter(start.grantedAt()) ? from : start.grantedAt(), months);
            });
            var expires = parts[META_EXPIRES];
            if (!expires.isEmpty() && at.toEpochMilli() >= Long.parseLong(expires)) {
                continue;
            }
            next.put(start.lotId(), new Next(start.lotId(), months, at));
        }
        return new ArrayList<>(next.values());
    }
}
