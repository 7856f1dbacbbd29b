package io.tally.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.ledger.BillingCycle;
import io.tally.platform.Labels;
import io.tally.pricing.Credits;
import io.tally.pricing.ServiceCategory;

/**
 * {@code GET /v1/accounts/{account}/reports/plan-usage}: per credit category, what the lots in force in the current
 * billing cycle committed, spent and can still pay ({@code ai}: the AI agent categories, listed apart;
 * {@code shared}: lots that pay for several categories), and the same lots per kind ({@code wallets}). Credits.
 */
public record PlanUsageView(String account, String timeZone, PlanCycleView cycle, List<CategoryLineView> categories,
        List<CategoryLineView> ai, CategoryLineView shared, List<KindWalletView> wallets, CategoryLineView total) {

    /** A billing or refresh cycle: {@code [start, end)} and its period ({@code monthly}, {@code P1M}). */
    public record PlanCycleView(Instant start, Instant end, String period) {
    }

    /** One category's lots ({@code category} null for shared lots and the total). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CategoryLineView(String category, List<String> services, int lots, BigDecimal committed, BigDecimal spent,
            BigDecimal available, BigDecimal usedPercent) {
    }

    /**
     * The lots of one kind: {@code balance} is what they can pay now, {@code used} what left them; {@code cycle}
     * the refresh cycle holding now when they refresh, {@code nextExpiry} the soonest expiry of those that can pay.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record KindWalletView(String kind, int lots, BigDecimal granted, BigDecimal used, BigDecimal balance,
            BigDecimal usedPercent, PlanCycleView cycle, Instant nextExpiry) {
    }

    static PlanUsageView of(String account, ZoneId zone, BillingCycle billing, Instant now, PlanUsage usage) {
        var current = billing.current(now);
        var wallets = usage.wallets().entrySet().stream().map(entry -> {
            var line = entry.getValue().line();
            return new KindWalletView(Labels.of(entry.getKey()), line.lots(), Credits.decimal(line.committed()),
                    Credits.decimal(line.spent()), Credits.decimal(line.available()),
                    PlanUsage.usedPercent(line.spent(), line.committed()),
                    entry.getValue().refresh().map(r -> new PlanCycleView(r.start(), r.end(), r.period())).orElse(null),
                    entry.getValue().nextExpiry().orElse(null));
        }).toList();
        return new PlanUsageView(account, zone.getId(),
                new PlanCycleView(current.start(), current.end(), Labels.of(billing.period())),
                lines(usage, false), lines(usage, true), line(null, usage.shared(), usage), wallets,
                line(null, usage.total(), usage));
    }

    private static List<CategoryLineView> lines(PlanUsage usage, boolean apart) {
        return Arrays.stream(ServiceCategory.values())
                .filter(category -> category.apart() == apart)
                .map(category -> line(category, usage.categories().get(category), usage))
                .toList();
    }

    private static CategoryLineView line(ServiceCategory category, PlanUsage.Line line, PlanUsage usage) {
        return new CategoryLineView(category == null ? null : category.label(),
                category == null ? null : usage.catalogue().in(category).stream().map(s -> s.label()).toList(),
                line.lots(),
                Credits.decimal(line.committed()), Credits.decimal(line.spent()), Credits.decimal(line.available()),
                PlanUsage.usedPercent(line.spent(), line.committed()));
    }
}
