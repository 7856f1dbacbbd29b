package io.tally.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.account.AccountProfile;
import io.tally.account.SubAccount;
import io.tally.ledger.Balance;
import io.tally.platform.Labels;
import io.tally.pricing.Credits;

/**
 * {@code GET /v1/accounts/{account}/reports/credit-status}: what was used this period and what remains against each
 * limit that is set (docs/reports.md "Credit status"). {@code month} is the month the spending limits count now
 * ({@code [from, to)}: a calendar month of the account's zone, or its billing month). {@code overdraft} is the
 * account's own limit, how far metered use may take it into debt (left out for an office admin); each sub-account has
 * its monthly spending limit, when set ({@code remaining} is then never below 0, {@code exceeded} says whether metered
 * use went past it), counted per its {@code limitPeriod} (a month unless set; {@code period} names the current one).
 * {@code spendingLimit} is the account's own limit per day, week or month, when set (left out for an office admin):
 * {@code used} in the current period, open holds included, and how much {@code remaining}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreditStatusView(String account, String timeZone, String month, Instant from, Instant to,
        OverdraftLimitView overdraft, AccountLimitView spendingLimit, List<SubAccountLimitView> subAccounts) {

    /** {@code period}: "day", "week" or "month"; {@code label}: the current one (2026-03-10, 2026-W11, 2026-03). */
    public record AccountLimitView(BigDecimal limit, String period, String label, BigDecimal used,
            BigDecimal remaining, BigDecimal usedPercent, boolean exceeded) {
    }

    /** {@code available}: credits usable now less the debt; {@code remaining}: limit less debt, at least 0. */
    public record OverdraftLimitView(BigDecimal available, BigDecimal limit, BigDecimal debt, BigDecimal remaining,
            boolean exceeded) {
    }

    /** {@code used}: spent this month, open holds included. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubAccountLimitView(String id, BigDecimal monthlyLimit, String limitPeriod, String period,
            BigDecimal used, BigDecimal remaining, BigDecimal usedPercent, Boolean exceeded) {
    }

    /**
     * @param visible the sub-accounts the caller may see; null: the whole account (then the overdraft is shown)
     */
    static CreditStatusView of(String month, Balance stored, AccountProfile profile, Instant now,
            Set<String> visible) {
        var account = profile.account();
        var balance = stored.at(now);
        Instant from;
        Instant to;
        if (account.cycleSettings().billingMonths()) {
            var billingMonth = account.cycle().cycleOf(now, 1);
            from = billingMonth.start();
            to = billingMonth.end();
        } else {
            var calendar = YearMonth.parse(month);
            from = calendar.atDay(1).atStartOfDay(account.timeZone()).toInstant();
            to = calendar.plusMonths(1).atDay(1).atStartOfDay(account.timeZone()).toInstant();
        }
        OverdraftLimitView overdraft = null;
        if (visible == null) {
            long limit = account.ledger().overdraftLimit();
            overdraft = new OverdraftLimitView(Credits.decimal(balance.available(now)), Credits.decimal(limit),
                    Credits.decimal(balance.debt()), Credits.decimal(Math.max(0, limit - balance.debt())),
                    balance.debt() > limit);
        }
        var subs = profile.subAccounts().values().stream()
                .filter(sub -> visible == null || visible.contains(sub.id()))
                .sorted(Comparator.comparing(SubAccount::id))
                .map(sub -> {
                    var label = account.limitPeriod(sub.limitPeriod(), now);
                    return subAccount(sub, label, balance.subSpend(sub.id(), label));
                })
                .toList();
        AccountLimitView limit = null;
        if (visible == null && account.spendingLimit().isPresent()) {
            var current = account.accountLimit(now).orElseThrow();
            long used = balance.accountSpend().getOrDefault(current.period(), 0L);
            limit = new AccountLimitView(Credits.decimal(current.amount()),
                    Labels.of(account.spendingLimit().get().period()), current.period(), Credits.decimal(used),
                    Credits.decimal(Math.max(0, current.amount() - used)), PlanUsage.usedPercent(used, current.amount()),
                    used > current.amount());
        }
        return new CreditStatusView(account.id(), account.timeZone().getId(), month, from, to, overdraft, limit,
                subs);
    }

    private static SubAccountLimitView subAccount(SubAccount sub, String label, long used) {
        var period = Labels.of(sub.limitPeriod());
        if (sub.monthlyLimit().isEmpty()) {
            return new SubAccountLimitView(sub.id(), null, period, label, Credits.decimal(used), null, null, null);
        }
        long limit = sub.monthlyLimit().getAsLong();
        return new SubAccountLimitView(sub.id(), Credits.decimal(limit), period, label, Credits.decimal(used),
                Credits.decimal(Math.max(0, limit - used)), PlanUsage.usedPercent(used, limit), used > limit);
    }
}
