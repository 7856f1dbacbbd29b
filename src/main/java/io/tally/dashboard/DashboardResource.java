package io.tally.dashboard;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.alert.AlertHistory;
import io.tally.alert.AlertRules;
import io.tally.alert.AlertView;
import io.tally.auth.Allowed;
import io.tally.auth.Caller;
import io.tally.auth.CurrentCaller;
import io.tally.auth.CurrentSession;
import io.tally.auth.Role;
import io.tally.auth.SessionCookie;
import io.tally.auth.Sessions;
import io.tally.dashboard.Views.Alert;
import io.tally.dashboard.Views.Chrome;
import io.tally.dashboard.Views.Limit;
import io.tally.dashboard.Views.Line;
import io.tally.dashboard.Views.Record;
import io.tally.dashboard.Views.Rule;
import io.tally.dashboard.Views.Spend;
import io.tally.dashboard.Views.Wallet;
import io.tally.history.Exports;
import io.tally.history.History;
import io.tally.platform.Refusal;
import io.tally.report.BreakdownView;
import io.tally.report.CreditStatusView;
import io.tally.report.Reports;

/**
 * The account admins' dashboard (docs/dashboard.md): server-rendered pages (Qute, every value escaped) and the htmx
 * fragments they swap in. Every request is authenticated by its session ({@link SessionCookie}) and every figure comes
 * from the services the JSON API calls, with the session's {@link Caller}: the same scope checks, on every request.
 * The account is always the caller's own; an office admin sees its offices only, as in the API.
 */
@Path("/dashboard")
@SessionCookie
@Allowed({ COMPANY_ADMIN, OFFICE_ADMIN })
class DashboardResource {
    static final List<String> PERIODS = List.of("month", "quarter", "six-months", "year");
    /** The filters of the usage page, as the history takes them. */
    static final Set<String> USAGE_FILTERS = Set.of("user", "group", "contact", "month", "service", "minCredits",
            "maxCredits", "title", "minQuantity", "maxQuantity", "from", "to", "subAccount", "product", "cursor");
    private static final int USAGE_PAGE = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Reports reports;
    private final History history;
    private final Exports exports;
    private final AlertHistory alerts;
    private final AlertRules rules;
    private final AccountDirectory directory;
    private final Sessions sessions;
    private final CurrentCaller caller;
    private final CurrentSession session;
    private final Template overview;
    private final Template spend;
    private final Template credits;
    private final Template usage;
    private final Template usageRows;
    private final Template alertsPage;
    private final Template alertList;

    DashboardResource(Reports reports, History history, Exports exports, AlertHistory alerts, AlertRules rules,
            AccountDirectory directory, Sessions sessions, CurrentCaller caller, CurrentSession session,
            @Location("dashboard/overview.html") Template overview, @Location("dashboard/spend.html") Template spend,
            @Location("dashboard/credits.html") Template credits, @Location("dashboard/usage.html") Template usage,
            @Location("dashboard/usage-rows.html") Template usageRows,
            @Location("dashboard/alerts.html") Template alertsPage,
            @Location("dashboard/alert-list.html") Template alertList) {
        this.reports = reports;
        this.history = history;
        this.exports = exports;
        this.alerts = alerts;
        this.rules = rules;
        this.directory = directory;
        this.sessions = sessions;
        this.caller = caller;
        this.session = session;
        this.overview = overview;
        this.spend = spend;
        this.credits = credits;
        this.usage = usage;
        this.usageRows = usageRows;
        this.alertsPage = alertsPage;
        this.alertList = alertList;
    }

    @GET
    @Operation(hidden = true)
    public Response home() {
        return Response.seeOther(URI.create("/dashboard/overview")).build();
    }

    /** Spend this period (cumulative), credit status, locations, products, and the latest firing anomaly. */
    @GET
    @Path("/overview")
    @Operation(hidden = true)
    public Uni<Response> overview(@Context UriInfo uri) {
        var who = caller.get();
        var account = who.account();
        var period = period(uri);
        var month = Map.<String, List<String>> of();
        return chrome("overview").chain(chrome -> Uni.combine().all()
                .unis(spendOf(account, period, who),
                        reports.creditStatus(account, month, who),
                        reports.breakdown(account, by("country"), who),
                        reports.breakdown(account, by("city"), who),
                        reports.breakdown(account, by("product"), who),
                        latestAnomaly(account, who))
                .with(parts -> {
                    var html = overview.data("chrome", chrome).data("spend", parts.get(0))
                            .data("limits", limits((CreditStatusView) parts.get(1)))
                            .data("countries", lines((BreakdownView) parts.get(2)))
                            .data("cities", lines((BreakdownView) parts.get(3)))
                            .data("products", lines((BreakdownView) parts.get(4)))
                            .data("anomaly", ((Optional<?>) parts.get(5)).orElse(null))
                            .render();
                    return Pages.html(html);
                }));
    }

    /** The spend graph of another period: the fragment the period buttons swap in. */
    @GET
    @Path("/overview/spend")
    @Operation(hidden = true)
    public Uni<Response> spend(@Context UriInfo uri) {
        var who = caller.get();
        return spendOf(who.account(), period(uri), who).map(view -> Pages.html(spend.data("spend", view).render()));
    }

    /** Dismisses an alert for the session's key; the banner goes away (an empty fragment). */
    @POST
    @Path("/alerts/{alert}/dismiss")
    @Operation(hidden = true)
    public Uni<Response> dismiss(@PathParam("alert") String alert) {
        var who = caller.get();
        return alerts.dismiss(who.account(), alert, who).map(view -> Pages.html(""));
    }

    /** Wallets and plan usage (company admins), and the credit status of the limits the caller sees. */
    @GET
    @Path("/credits")
    @Operation(hidden = true)
    public Uni<Response> credits() {
        var who = caller.get();
        var account = who.account();
        var wallets = who.role() == Role.COMPANY_ADMIN
                ? reports.planUsage(account, Map.of(), who).map(plan -> Optional.of(plan))
                : Uni.createFrom().item(Optional.<io.tally.report.PlanUsageView> empty());
        return chrome("credits").chain(chrome -> reports.creditStatus(account, Map.of(), who)
                .chain(status -> wallets.map(plan -> {
                    var kinds = plan.map(p -> p.wallets().stream().map(w -> new Wallet(w.kind(), text(w.granted()),
                            text(w.used()), text(w.balance()), text(w.usedPercent()),
                            w.cycle() == null ? "" : w.cycle().start() + " to " + w.cycle().end(),
                            w.nextExpiry() == null ? "" : w.nextExpiry().toString())).toList()).orElse(List.of());
                    var categories = plan.map(p -> {
                        var lines = new ArrayList<Wallet>();
                        for (var c : p.categories()) {
                            lines.add(new Wallet(c.category(), text(c.committed()), text(c.spent()),
                                    text(c.available()), text(c.usedPercent()), "", ""));
                        }
                        return lines;
                    }).orElse(new ArrayList<>());
                    return Pages.html(credits.data("chrome", chrome).data("limits", limits(status))
                            .data("wallets", kinds).data("plan", categories).data("hasPlan", plan.isPresent())
                            .render());
                })));
    }

    /** The usage history: the filters, the first page, the export links. */
    @GET
    @Path("/usage")
    @Operation(hidden = true)
    public Uni<Response> usage(@Context UriInfo uri) {
        var who = caller.get();
        var filters = filters(uri);
        return chrome("usage").chain(chrome -> rows(who, filters).map(rows -> Pages.html(usage.data("chrome", chrome)
                .data("filters", filterValues(filters)).data("rows", rows.rows()).data("next", rows.next())
                .data("query", rows.query()).data("csv", "/dashboard/usage/export?" + exportQuery(filters, "csv"))
                .data("xlsx", "/dashboard/usage/export?" + exportQuery(filters, "xlsx"))
                .data("offices", who.role() == Role.COMPANY_ADMIN).render())));
    }

    /** The rows of a page of the usage history (filtered, keyset): the fragment the filters and "more" swap in. */
    @GET
    @Path("/usage/rows")
    @Operation(hidden = true)
    public Uni<Response> usageRows(@Context UriInfo uri) {
        var who = caller.get();
        return rows(who, filters(uri)).map(rows -> Pages.html(usageRows.data("rows", rows.rows())
                .data("next", rows.next()).data("query", rows.query()).render()));
    }

    /** Every matching row as a CSV or Excel file, through the same export as the API. */
    @GET
    @Path("/usage/export")
    @Operation(hidden = true)
    public RestMulti<byte[]> usageExport(@Context UriInfo uri) {
        var who = caller.get();
        var parameters = new LinkedHashMap<String, List<String>>(filters(uri));
        parameters.remove("cursor");
        var format = uri.getQueryParameters().getFirst("format");
        parameters.put("format", List.of("xlsx".equals(format) ? "xlsx" : "csv"));
        return RestMulti.fromUniResponse(exports.usage(who.account(), parameters, who), Exports.Download::body,
                Exports.Download::headers);
    }

    /** The alerts, refreshed every few seconds, and the rules (company admins). */
    @GET
    @Path("/alerts")
    @Operation(hidden = true)
    public Uni<Response> alertsPage() {
        var who = caller.get();
        var ruleList = who.role() == Role.COMPANY_ADMIN
                ? rules.list(who.account(), who).map(list -> list.stream().map(r -> new Rule(r.id(), r.type().wire(),
                        r.threshold().isPresent() ? io.tally.pricing.Credits.format(r.threshold().getAsLong()) : "",
                        r.percent().isPresent() ? r.percent().getAsInt() + " %" : "",
                        r.subAccount().orElse(""), r.enabled())).toList())
                : Uni.createFrom().item(List.<Rule> of());
        return chrome("alerts").chain(chrome -> alertRows(who).chain(list -> ruleList.map(ruleRows -> Pages.html(
                alertsPage.data("chrome", chrome).data("alerts", list).data("rules", ruleRows)
                        .data("companyAdmin", who.role() == Role.COMPANY_ADMIN).render()))));
    }

    /** The alert list alone: what the alerts page polls. */
    @GET
    @Path("/alerts/list")
    @Operation(hidden = true)
    public Uni<Response> alertList() {
        return alertRows(caller.get()).map(list -> Pages.html(alertList.data("alerts", list).render()));
    }

    /** Ends the session, then to the sign-in page. */
    @POST
    @Path("/sign-out")
    @Operation(hidden = true)
    public Uni<Response> signOut() {
        return sessions.close(session.get().token()).map(done -> Pages.headers(Response.ok("")
                .header("HX-Redirect", "/dashboard/sign-in")).cookie(sessions.expired()).build());
    }

    private Uni<Chrome> chrome(String active) {
        var who = caller.get();
        return directory.profile(who.account()).map(found -> {
            var profile = found.orElseThrow(() -> Refusal.notFound("no account " + who.account()));
            var offices = who.role() == Role.OFFICE_ADMIN ? profile.subAccounts().values().stream()
                    .filter(sub -> who.subAccounts().contains(sub.id())).map(sub -> sub.name())
                    .sorted().collect(Collectors.joining(", ")) : "";
            return new Chrome(profile.account().name(), profile.account().id(), who.role().label(), offices,
                    session.get().csrf(), active, Pages.HTMX, Pages.UPLOT_JS, Pages.UPLOT_CSS);
        });
    }

    private Uni<Spend> spendOf(String account, String period, Caller who) {
        return reports.cumulative(account, Map.of("period", List.of(period)), who).map(view -> {
            var days = view.days().stream().map(d -> d.day()).collect(Collectors.joining(","));
            var total = view.days().stream().map(d -> d.cumulative().toPlainString()).collect(Collectors.joining(","));
            var daily = view.days().stream().map(d -> d.credits().toPlainString()).collect(Collectors.joining(","));
            return new Spend(period, PERIODS, days, total, daily, text(view.total().credits()),
                    Long.toString(view.total().count()));
        });
    }

    private Uni<Optional<Alert>> latestAnomaly(String account, Caller who) {
        var query = Map.of("type", List.of("spending-anomaly"), "limit", List.of("1"));
        return alerts.page(account, query, who).map(page -> page.items().stream().findFirst()
                .filter(a -> "firing".equals(a.state()) && !Boolean.TRUE.equals(a.dismissed()))
                .map(DashboardResource::alert));
    }

    private Uni<List<Alert>> alertRows(Caller who) {
        return alerts.page(who.account(), Map.of("limit", List.of("50")), who)
                .map(page -> page.items().stream().map(DashboardResource::alert).toList());
    }

    private static Alert alert(AlertView a) {
        var cause = "";
        var summary = "";
        try {
            var values = JSON.readTree(a.values() == null ? "{}" : a.values());
            if (values.hasNonNull("cause")) {
                cause = values.path("cause").asText() + " " + values.path("causeValue").asText("");
            }
            summary = values.toString();
        } catch (java.io.IOException e) {
            summary = String.valueOf(a.values());
        }
        return new Alert(a.id(), a.type(), a.state(), a.subAccount() == null ? "" : a.subAccount(), cause.trim(),
                summary, a.at().toString(), Boolean.TRUE.equals(a.dismissed()));
    }

    private record Rows(List<Record> rows, String next, String query) {
    }

    private Uni<Rows> rows(Caller who, Map<String, List<String>> filters) {
        var parameters = new LinkedHashMap<String, List<String>>(filters);
        parameters.put("limit", List.of(Integer.toString(USAGE_PAGE)));
        return history.usage(who.account(), parameters, who).map(page -> {
            var rows = page.items().stream().map(r -> new Record(r.id(), r.occurredAt().toString(),
                    orEmpty(r.subAccount()), orEmpty(r.service()), orEmpty(r.product()), orEmpty(r.user()),
                    orEmpty(r.title()), orEmpty(r.to()), orEmpty(r.country()),
                    r.units() == null ? "" : r.units().toString(), text(r.credits()), orEmpty(r.status())))
                    .toList();
            var next = new LinkedHashMap<String, List<String>>(filters);
            next.put("cursor", page.next() == null ? List.of() : List.of(page.next()));
            return new Rows(rows, page.next(), query(next));
        });
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String text(BigDecimal credits) {
        return credits == null ? "" : credits.stripTrailingZeros().toPlainString();
    }

    private static Map<String, List<String>> by(String dimension) {
        return Map.of("by", List.of(dimension));
    }

    private static String period(UriInfo uri) {
        var period = uri.getQueryParameters().getFirst("period");
        return period != null && PERIODS.contains(period) ? period : "month";
    }

    /** The usage filters of a request, blank ones left out (a form sends every field). */
    private static Map<String, List<String>> filters(UriInfo uri) {
        var filters = new LinkedHashMap<String, List<String>>();
        uri.getQueryParameters().forEach((name, values) -> {
            if (USAGE_FILTERS.contains(name) && !values.isEmpty() && !values.get(0).isBlank()) {
                filters.put(name, List.of(values.get(0).trim()));
            }
        });
        return filters;
    }

    private static Map<String, String> filterValues(Map<String, List<String>> filters) {
        var values = new LinkedHashMap<String, String>();
        USAGE_FILTERS.forEach(name -> values.put(name, filters.containsKey(name) ? filters.get(name).get(0) : ""));
        return values;
    }

    private static String exportQuery(Map<String, List<String>> filters, String format) {
        var parameters = new LinkedHashMap<String, List<String>>(filters);
        parameters.remove("cursor");
        parameters.put("format", List.of(format));
        return query(parameters);
    }

    private static String query(Map<String, List<String>> parameters) {
        return parameters.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue().get(0)))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<Line> lines(BreakdownView view) {
        return view.items().stream().map(item -> new Line(item.key() == null ? "(none)" : item.key(),
                text(item.credits()), Long.toString(item.count()), text(item.share()))).toList();
    }

    private static List<Limit> limits(CreditStatusView status) {
        var limits = new ArrayList<Limit>();
        if (status.overdraft() != null) {
            var o = status.overdraft();
            limits.add(new Limit("Account", text(o.available()), text(o.debt()), text(o.limit()),
                    text(o.remaining()), "", o.exceeded()));
        }
        for (var sub : status.subAccounts()) {
            limits.add(new Limit(sub.id(), "", text(sub.used()),
                    sub.monthlyLimit() == null ? "no limit" : text(sub.monthlyLimit()),
                    sub.remaining() == null ? "" : text(sub.remaining()),
                    sub.usedPercent() == null ? "" : text(sub.usedPercent()), Boolean.TRUE.equals(sub.exceeded())));
        }
        return limits;
    }
}
