package io.tally.dashboard;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.account.SubAccount;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Role;
import io.tally.auth.SessionCookie;
import io.tally.dashboard.Views.Activity;
import io.tally.dashboard.Views.Office;
import io.tally.metering.SubAccountBalanceView;
import io.tally.metering.Wallets;
import io.tally.platform.Refusal;
import io.tally.report.BreakdownView;
import io.tally.report.CreditStatusView;
import io.tally.report.Reports;

/**
 * The offices page (docs/dashboard.md): each sub-account the caller sees with its allocation, monthly limit and spend
 * this month ({@link Wallets#subAccountBalance}, as {@code GET .../sub-accounts/{sub}/balance}), and the agency
 * roll-up: activity and cost per sub-account over a date range (the breakdown by sub-account of the reports). An
 * office admin sees its offices; naming another in the URL ({@code ?subAccount=}) is refused by the services.
 */
@Path("/dashboard/offices")
@SessionCookie
@Allowed({ COMPANY_ADMIN, OFFICE_ADMIN })
class OfficesResource {
    private final Reports reports;
    private final Wallets wallets;
    private final AccountDirectory directory;
    private final Layout layout;
    private final CurrentCaller caller;
    private final Template page;

    OfficesResource(Reports reports, Wallets wallets, AccountDirectory directory, Layout layout, CurrentCaller caller,
            @Location("dashboard/offices.html") Template page) {
        this.reports = reports;
        this.wallets = wallets;
        this.directory = directory;
        this.layout = layout;
        this.caller = caller;
        this.page = page;
    }

    @GET
    @Operation(hidden = true)
    public Uni<Response> offices(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("subAccount") String subAccount) {
        var who = caller.get();
        var account = who.account();
        var range = new LinkedHashMap<String, List<String>>();
        range.put("by", List.of("subAccount"));
        put(range, "from", from);
        put(range, "to", to);
        put(range, "subAccount", subAccount);
        return layout.chrome("offices").chain(chrome -> directory.profile(account).chain(found -> {
            var profile = found.orElseThrow(() -> Refusal.notFound("no account " + account));
            var visible = profile.subAccounts().values().stream()
                    .filter(sub -> who.role() == Role.COMPANY_ADMIN || who.subAccounts().contains(sub.id()))
                    .filter(sub -> blank(subAccount) || sub.id().equals(subAccount.trim()))
                    .sorted(java.util.Comparator.comparing(SubAccount::id)).toList();
            if (!blank(subAccount) && visible.isEmpty()) {
                // the services decide: another office is refused 403, an unknown one 404
                return wallets.subAccountBalance(account, subAccount.trim(), who).map(ignored -> Pages.html(""));
            }
            var names = new HashMap<String, String>();
            visible.forEach(sub -> names.put(sub.id(), sub.name()));
            Uni<List<SubAccountBalanceView>> balances = visible.isEmpty() ? Uni.createFrom().item(List.of())
                    : Uni.join().all(visible.stream().map(sub -> wallets.subAccountBalance(account, sub.id(), who))
                            .toList()).andFailFast();
            var statusQuery = blank(subAccount) ? Map.<String, List<String>> of()
                    : Map.of("subAccount", List.of(subAccount.trim()));
            return Uni.combine().all().unis(balances, reports.creditStatus(account, statusQuery, who),
                    reports.breakdown(account, range, who)).asTuple().map(parts -> {
                        var remaining = new HashMap<String, String>();
                        for (CreditStatusView.SubAccountLimitView limit : parts.getItem2().subAccounts()) {
                            remaining.put(limit.id(), Layout.text(limit.remaining()));
                        }
                        var offices = parts.getItem1().stream().map(b -> new Office(b.subAccount(),
                                names.getOrDefault(b.subAccount(), ""), b.mode(), Layout.text(b.allocation()),
                                b.monthlyLimit() == null ? "no limit" : Layout.text(b.monthlyLimit()),
                                Layout.text(b.spentThisMonth()), remaining.getOrDefault(b.subAccount(), "")))
                                .toList();
                        var rollup = parts.getItem3();
                        return Pages.html(page.data("chrome", chrome).data("offices", offices)
                                .data("rollup", activity(rollup)).data("from", rollup.from())
                                .data("to", rollup.to()).data("subAccount", blank(subAccount) ? "" : subAccount.trim())
                                .data("total", Layout.text(rollup.total().credits()))
                                .data("totalCost", Layout.text(rollup.total().cost()))
                                .data("totalCount", Long.toString(rollup.total().count()))
                                .data("companyAdmin", who.role() == Role.COMPANY_ADMIN).render());
                    });
        }));
    }

    private static List<Activity> activity(BreakdownView view) {
        return view.items().stream().map(item -> new Activity(item.key() == null ? "(none)" : item.key(),
                Long.toString(item.count()), Long.toString(item.units()), Layout.text(item.credits()),
                Layout.text(item.cost()), Layout.text(item.share()))).toList();
    }

    private static void put(Map<String, List<String>> parameters, String name, String value) {
        if (!blank(value)) {
            parameters.put(name, List.of(value.trim()));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
