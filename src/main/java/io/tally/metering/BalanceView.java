package io.tally.metering;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.account.AccountProfile;
import io.tally.account.SubAccount;
import io.tally.ledger.Balance;
import io.tally.ledger.Lot;
import io.tally.ledger.Service;
import io.tally.ledger.SubAccountPolicy;
import io.tally.platform.Labels;
import io.tally.pricing.Credits;

/**
 * An account's balance, in credits: the current billing cycle, lots with their use, holds, pool, allocations and
 * this month's limits ({@code month}: the calendar month in the account's zone, or the billing month when the account
 * counts limits in billing months), and what expired. {@code available} is the credits usable now less the debt.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BalanceView(String account, String month, CycleView cycle, BigDecimal available, BigDecimal granted,
        BigDecimal spent,
        BigDecimal held, BigDecimal debt, BigDecimal pool, BigDecimal expired, List<LotView> lots,
        List<SubAccountView> subAccounts, SpendingLimitView spendingLimit) {

    /**
     * The account's own spending limit, when set: per {@code period} ("day", "week", "month"), the current one named
     * by its {@code label}; {@code spent} in it, open holds included; {@code remaining} never below 0.
     */
    record SpendingLimitView(BigDecimal limit, String period, String label, BigDecimal spent, BigDecimal remaining) {
    }

    /**
     * {@code used} is what left the lot: spent, held by a reservation not yet settled, or expired; {@code available}
     * is what it can pay now (0 before it is effective and after it expired).
     */
    public record LotView(String id, String kind, List<String> services, Integer priority, Instant effectiveFrom,
            Instant expiresAt, boolean usable, BigDecimal granted, BigDecimal used, BigDecimal available,
            BigDecimal usedPercent) {
    }

    /** The billing cycle holding now: {@code [start, end)}, and its period. */
    public record CycleView(Instant start, Instant end, String period) {
    }

    /** {@code spentThisMonth}: the spend in the period its limit counts ({@code limitPeriod}, a month unless set). */
    public record SubAccountView(String id, String mode, BigDecimal allocation, BigDecimal monthlyLimit,
            BigDecimal spentThisMonth, String limitPeriod) {
    }

    /**
     * The view at {@code now}: lots past their expiry are shown expired (the movement that takes them off the books
     * runs at the account's next movement or the next sweep, {@link Balance#at}), and {@code available} counts only
     * the lots usable now.
     */
    static BalanceView of(String account, String month, Balance stored, AccountProfile profile, Instant now) {
        var balance = stored.at(now);
        var lots = balance.lots().stream().map(lot -> lot(lot, now)).toList();
        var subs = profile.subAccounts().values().stream()
                .sorted(java.util.Comparator.comparing(SubAccount::id))
                .map(sub -> new SubAccountView(sub.id(), Labels.of(sub.mode()),
                        sub.mode() == SubAccountPolicy.Mode.ALLOCATED
                                ? Credits.decimal(balance.allocations().getOrDefault(sub.id(), 0L))
                                : null,
                        sub.monthlyLimit().isPresent() ? Credits.decimal(sub.monthlyLimit().getAsLong()) : null,
                        Credits.decimal(balance.subSpend(sub.id(),
                                profile.account().limitPeriod(sub.limitPeriod(), now))),
                        Labels.of(sub.limitPeriod())))
                .toList();
        var limit = profile.account().accountLimit(now).map(l -> {
            long spent = balance.accountSpend().getOrDefault(l.period(), 0L);
            return new SpendingLimitView(Credits.decimal(l.amount()),
                    Labels.of(profile.account().spendingLimit().orElseThrow().period()), l.period(),
                    Credits.decimal(spent), Credits.decimal(Math.max(0, l.amount() - spent)));
        }).orElse(null);
        var cycle = profile.account().cycle();
        var current = cycle.current(now);
        return new BalanceView(account, month, new CycleView(current.start(), current.end(), Labels.of(cycle.period())),
                Credits.decimal(balance.available(now)),
                Credits.decimal(balance.granted()), Credits.decimal(balance.spent()), Credits.decimal(balance.held()),
                Credits.decimal(balance.debt()), Credits.decimal(balance.pool()), Credits.decimal(balance.expired()),
                lots, subs, limit);
    }

    private static LotView lot(Lot lot, Instant now) {
        boolean usable = !now.isBefore(lot.effectiveFrom()) && lot.expiresAt().map(now::isBefore).orElse(true);
        var used = BigDecimal.valueOf(lot.granted() - lot.remaining()).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(lot.granted()), 1, RoundingMode.HALF_UP);
        return new LotView(lot.id(), Labels.of(lot.kind()),
                lot.services().stream().map(Service::label).sorted().toList(),
                lot.priority().isPresent() ? lot.priority().getAsInt() : null, lot.effectiveFrom(),
                lot.expiresAt().orElse(null), usable, Credits.decimal(lot.granted()),
                Credits.decimal(lot.granted() - lot.remaining()), Credits.decimal(usable ? lot.remaining() : 0),
                used);
    }
}
