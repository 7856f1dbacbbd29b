package io.tally.report;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.AccountProfile;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.history.TableFiles;
import io.tally.ledger.Ledger;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;
import io.tally.platform.StrictQuery;
import io.tally.pricing.ServiceCatalogue;

/**
 * The reports over the daily rollups: the scope check first, then the query string (400 naming the parameter), the
 * sub-accounts the caller may see (an office admin: its own, always), the account (404, and its time zone: its days
 * and today), one query, and the folding into the answer.
 */
@Singleton
public class Reports {
    private final ReportRepository repository;
    private final AccountDirectory directory;
    private final Ledger ledger;
    private final ServiceCatalogue catalogue;
    private final Clock clock;

    Reports(ReportRepository repository, AccountDirectory directory, Ledger ledger, ServiceCatalogue catalogue,
            Clock clock) {
        this.repository = repository;
        this.directory = directory;
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    public Uni<SeriesView> usage(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var p = new ReportParameters(parameters, Set.of("from", "to", "month", "interval", "groupBy"));
        var span = p.span();
        var interval = p.interval();
        var groupBy = p.dimension("groupBy", false);
        var filters = p.filters();
        var subAccounts = visibleSubAccounts(filters, account, caller);
        return zone(account).chain(zone -> {
            var days = range(span, zone);
            return repository.days(account, days.from(), days.to(), subAccounts, filters, groupBy)
                    .map(rows -> SeriesView.of(account, zone, days, interval, groupBy,
                            Series.of(rows, days.from(), days.to(), interval, groupBy != null)));
        });
    }

    public Uni<CumulativeView> cumulative(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var p = new ReportParameters(parameters, Set.of("period"));
        var period = p.period();
        var filters = p.filters();
        var subAccounts = visibleSubAccounts(filters, account, caller);
        return zone(account).chain(zone -> {
            var today = LocalDate.now(clock.withZone(zone));
            var from = period.start(today);
            var to = today.plusDays(1);
            return repository.days(account, from, to, subAccounts, filters, null)
                    .map(rows -> CumulativeView.of(account, zone, period, from, to,
                            Series.cumulative(rows, from, to)));
        });
    }

    public Uni<BreakdownView> breakdown(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var p = new ReportParameters(parameters, Set.of("from", "to", "month", "by"));
        var span = p.span();
        var by = p.dimension("by", true);
        var filters = p.filters();
        var subAccounts = visibleSubAccounts(filters, account, caller);
        return zone(account).chain(zone -> {
            var days = range(span, zone);
            return repository.days(account, days.from(), days.to(), subAccounts, filters, by)
                    .map(rows -> BreakdownView.of(account, zone, days, by, Breakdown.of(rows)));
        });
    }

    /**
     * The breakdown as a CSV or XLSX file ({@code format}, {@code bom} as the exports take them), one row per key:
     * the key, count, units, segments, credits, cost and share; named {@code usage-breakdown-<by>-YYYY-MM-DD}.
     */
    Uni<TableFiles.TableFile> breakdownFile(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var by = parameters.getOrDefault("by", List.of()).stream().findFirst().orElse("");
        var writer = TableFiles.options(parameters, "usage-breakdown-" + by.replaceAll("[^A-Za-z]", ""), "breakdown");
        return breakdown(account, TableFiles.withoutOptions(parameters), caller)
                .chain(view -> zone(account).map(zone -> {
                    var rows = view.items().stream().map(item -> new Object[] { item.key(), item.count(),
                            item.units(), item.segments(), item.credits(), item.cost(), item.share() }).toList();
                    return writer.write(zone, LocalDate.now(clock.withZone(zone)), List.of(view.by(), "count",
                            "units", "segments", "credits", "cost", "share"), rows);
                }));
    }

    /**
     * The plan usage table of the current billing cycle, from the lots the balance reads (one script, a consistent
     * snapshot). The lots are the account's: only callers that reach the whole account read it (office admins 403).
     */
    public Uni<PlanUsageView> planUsage(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        new StrictQuery(parameters, Set.of());
        return profile(account).chain(profile -> {
            var now = clock.instant();
            return catalogue.current().chain(services -> ledger.balance(account, profile.account().limitMonth(now))
                    .map(balance -> PlanUsageView.of(account, profile.account().timeZone(), profile.account().cycle(),
                            now, PlanUsage.of(balance, profile.account().cycle(), now, services))));
        });
    }

    /**
     * Used and remaining against each limit set: the account's overdraft (callers that reach the whole account) and
     * the monthly spending limits of the sub-accounts the caller may see; {@code subAccount} narrows it to one.
     */
    public Uni<CreditStatusView> creditStatus(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var query = new StrictQuery(parameters, Set.of("subAccount"));
        var subAccount = query.raw("subAccount") == null ? null : Fields.id("subAccount", query.raw("subAccount"));
        Set<String> visible;
        if (subAccount != null) {
            Scopes.requireSubAccount(caller, account, subAccount);
            visible = Set.of(subAccount);
        } else {
            visible = caller.reachesWhole(account) ? null : caller.subAccounts();
        }
        return profile(account).chain(profile -> {
            if (subAccount != null && profile.subAccount(subAccount).isEmpty()) {
                throw Refusal.notFound("no sub-account " + subAccount + " in " + account);
            }
            var now = clock.instant();
            var month = profile.account().limitMonth(now);
            return ledger.balance(account, month)
                    .map(balance -> CreditStatusView.of(month, balance, profile, now, visible));
        });
    }

    Uni<Integer> rebuild(String account) {
        return zone(account).chain(zone -> repository.rebuild(account));
    }

    private Span.Days range(Span span, ZoneId zone) {
        var days = span.in(LocalDate.now(clock.withZone(zone)));
        if (ChronoUnit.DAYS.between(days.from(), days.to()) > Span.MAX_DAYS) {
            throw Refusal.invalid("from", "from: at most " + Span.MAX_DAYS + " days before to");
        }
        return days;
    }

    /**
     * The sub-accounts the rollups must belong to, or null for all. A {@code subAccount} filter outside an office
     * admin's scope is refused; without one, an office admin sees its sub-accounts and nothing else.
     */
    private static Set<String> visibleSubAccounts(Filters filters, String account, Caller caller) {
        if (filters.subAccount() != null) {
            Scopes.requireSubAccount(caller, account, filters.subAccount());
            return null;
        }
        return caller.reachesWhole(account) ? null : caller.subAccounts();
    }

    private Uni<ZoneId> zone(String account) {
        return profile(account).map(profile -> profile.account().timeZone());
    }

    private Uni<AccountProfile> profile(String account) {
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)));
    }
}
