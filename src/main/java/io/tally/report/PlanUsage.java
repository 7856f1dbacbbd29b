package io.tally.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.tally.ledger.Balance;
import io.tally.ledger.BillingCycle;
import io.tally.ledger.Lot;
import io.tally.ledger.LotKind;
import io.tally.ledger.Refresh;
import io.tally.pricing.Catalogue;
import io.tally.pricing.ServiceCategory;

/**
 * The plan usage table of a billing cycle (docs/reports.md "Plan usage"), folded from the account's lots as the
 * balance reads them: the lots in force at some time of the cycle (effective before its end, not expired before its
 * start), each counted once, in the category of the services it pays for or, when it pays for services of several
 * categories (or for all), under {@code shared}; and the same lots per kind (the wallets).
 *
 * <p>
 * Per lot: {@code committed} is what it was granted (a refreshing lot: the cycle's amount), {@code spent} what left
 * it (used, held by an open reservation, or expired: what the lots record), {@code available} what it can pay now (0
 * before it is effective and after it expired). A lot that rolled credits over holds more than it was granted, and
 * its spent is then negative, as the balance shows it.
 */
record PlanUsage(Map<ServiceCategory, Line> categories, Line shared, Map<LotKind, Wallet> wallets, Line total,
        Catalogue catalogue) {

    /** Sums over some lots, in micro-credits. */
    record Line(int lots, long committed, long spent, long available) {
        static final Line EMPTY = new Line(0, 0, 0, 0);

        Line plus(Lot lot, Instant now) {
            return new Line(lots + 1, committed + lot.granted(), spent + lot.granted() - lot.remaining(),
                    available + (usable(lot, now) ? lot.remaining() : 0));
        }
    }

    /**
     * The lots of one kind: their sums, the refresh cycle holding now of those that refresh (the shortest, when their
     * periods differ), and the soonest expiry of those that can still pay.
     */
    record Wallet(Line line, Optional<Refreshing> refresh, Optional<Instant> nextExpiry) {
    }

    /** A refresh cycle: {@code [start, end)} and its period ({@code P1M}). */
    record Refreshing(Instant start, Instant end, String period) {
    }

    /** The lots' sums; a lot's categories are those the catalogue gives its services (all, for a lot of all). */
    static PlanUsage of(Balance stored, BillingCycle billing, Instant now, Catalogue catalogue) {
        var balance = stored.at(now);
        var cycle = billing.current(now);
        var categories = new EnumMap<ServiceCategory, Line>(ServiceCategory.class);
        for (var category : ServiceCategory.values()) {
            categories.put(category, Line.EMPTY);
        }
        var shared = Line.EMPTY;
        var total = Line.EMPTY;
        var byKind = new EnumMap<LotKind, List<Lot>>(LotKind.class);
        for (var lot : balance.lots()) {
            if (!inCycle(lot, cycle)) {
                continue;
            }
            total = total.plus(lot, now);
            var served = lot.services().isEmpty() ? EnumSet.allOf(ServiceCategory.class)
                    : lot.services().stream().map(s -> catalogue.categoryOf(s.name()))
                            .collect(Collectors.toCollection(() -> EnumSet.noneOf(ServiceCategory.class)));
            if (served.size() == 1) {
                categories.merge(served.iterator().next(), Line.EMPTY, (line, none) -> line.plus(lot, now));
            } else {
                shared = shared.plus(lot, now);
            }
            byKind.computeIfAbsent(lot.kind(), kind -> new ArrayList<>()).add(lot);
        }
        var wallets = new EnumMap<LotKind, Wallet>(LotKind.class);
        byKind.forEach((kind, lots) -> wallets.put(kind, wallet(lots, billing, now)));
        return new PlanUsage(categories, shared, wallets, total, catalogue);
    }

    /** Spent as a percentage of committed, one decimal; null when nothing was committed. */
    static BigDecimal usedPercent(long spent, long committed) {
        if (committed == 0) {
            return null;
        }
        return BigDecimal.valueOf(spent).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(committed), 1, RoundingMode.HALF_UP);
    }

    private static Wallet wallet(List<Lot> lots, BillingCycle billing, Instant now) {
        var line = Line.EMPTY;
        for (var lot : lots) {
            line = line.plus(lot, now);
        }
        var refresh = lots.stream()
                .flatMap(lot -> lot.refresh().stream())
                .min(Comparator.comparingInt(Refresh::months))
                .map(r -> {
                    var step = billing.cycleOf(now, r.months());
                    return new Refreshing(step.start(), step.end(), r.period());
                });
        var nextExpiry = lots.stream()
                .filter(lot -> usable(lot, now) && lot.remaining() > 0)
                .flatMap(lot -> lot.expiresAt().stream())
                .min(Comparator.naturalOrder());
        return new Wallet(line, refresh, nextExpiry);
    }

    private static boolean inCycle(Lot lot, BillingCycle.Cycle cycle) {
        return lot.effectiveFrom().isBefore(cycle.end())
                && lot.expiresAt().map(at -> at.isAfter(cycle.start())).orElse(true);
    }

    private static boolean usable(Lot lot, Instant now) {
        return !now.isBefore(lot.effectiveFrom()) && lot.expiresAt().map(now::isBefore).orElse(true);
    }
}
