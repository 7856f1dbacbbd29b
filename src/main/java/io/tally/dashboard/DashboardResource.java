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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.tally.alert.AlertHistory;
import io.tally.alert.AlertRules;
import io.tally.alert.AlertStreams;
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
import io.tally.dashboard.Views.Endpoint;
import io.tally.dashboard.Views.Entry;
import io.tally.dashboard.Views.Field;
import io.tally.dashboard.Views.Limit;
import io.tally.dashboard.Views.Line;
import io.tally.dashboard.Views.Record;
import io.tally.dashboard.Views.Rule;
import io.tally.dashboard.Views.Spend;
import io.tally.history.Exports;
import io.tally.history.History;
import io.tally.report.BreakdownView;
import io.tally.report.CreditStatusView;
import io.tally.report.Reports;
import io.tally.webhook.WebhookEndpoints;

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
    private final AlertStreams streams;
    private final WebhookEndpoints endpoints;
    private final Layout layout;
    private final Sessions sessions;
    private final CurrentCaller caller;
    private final CurrentSession session;
    private final Template overview;
    private final Template spend;
    private final Template recordPanel;
    private final Template usage;
    private final Template usageRows;
    private final Template alertsPage;
    private final Template alertList;

    DashboardResource(Reports reports, History history, Exports exports, AlertHistory alerts, AlertRules rules,
            AlertStreams streams, WebhookEndpoints endpoints, Layout layout, Sessions sessions,
            CurrentCaller caller, CurrentSession session,
            @Location("dashboard/overview.html") Template overview, @Location("dashboard/spend.html") Template spend,
            @Location("dashboard/record.html") Template recordPanel, @Location("dashboard/usage.html") Template usage,
            @Location("dashboard/usage-rows.html") Template usageRows,
            @Location("dashboard/alerts.html") Template alertsPage,
            @Location("dashboard/alert-list.html") Template alertList) {
        this.reports = reports;
        this.history = history;
        this.exports = exports;
        this.alerts = alerts;
        this.rules = rules;
        this.streams = streams;
        this.endpoints = endpoints;
        this.layout = layout;
        this.sessions = sessions;
        this.caller = caller;
        this.session = session;
        this.overview = overview;
        this.spend = spend;
        this.recordPanel = recordPanel;
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

    /**
     * One usage record's details (what it measured, the wallets that pay it, its ledger entries): the side panel the
     * table opens. The history refuses a record outside the caller's offices, as the API does.
     */
    @GET
    @Path("/usage/{record}")
    @Operation(hidden = true)
    public Uni<Response> usageRecord(@PathParam("record") String record) {
        var who = caller.get();
        return history.record(who.account(), record, who).map(detail -> {
            var r = detail.record();
            var d = detail.details();
            var fields = new ArrayList<Field>();
            field(fields, "When", r.occurredAt());
            field(fields, "Office", r.subAccount());
            field(fields, "Service", r.service());
            field(fields, "Direction", r.direction());
            field(fields, "Kind", r.kind());
            field(fields, "Status", r.status());
            field(fields, "From", r.from());
            field(fields, "To", r.to());
            field(fields, "Country", r.country());
            field(fields, "City", r.city());
            field(fields, "Product", r.product());
            field(fields, "User", r.user());
            field(fields, "Group", r.group());
            field(fields, "Contact", r.contact());
            field(fields, "Title", r.title());
            field(fields, "Quantity", d.quantity() == null ? null : d.quantity() + " " + d.unit());
            field(fields, "Billed", d.billed());
            field(fields, "Rate", d.rate() == null ? null : text(d.rate()) + " per " + d.rateUnit());
            field(fields, "Encoding", d.encoding());
            field(fields, "Characters", d.characters());
            field(fields, "Credits", text(r.credits()));
            field(fields, "Debt incurred", text(r.debtIncurred()));
            field(fields, "Carrier", r.carrier());
            field(fields, "Delivery", r.deliveryStatus());
            field(fields, "Settled", r.settledAt());
            field(fields, "Metadata", r.metadata());
            var wallets = detail.wallets().stream().map(w -> new Field(w.kind() + " (" + w.lot() + ")",
                    text(w.credits()))).toList();
            var entries = detail.entries().stream().map(e -> new Entry(e.occurredAt().toString(), e.type(),
                    text(e.amount()), Layout.orEmpty(e.lot()))).toList();
            return Pages.html(recordPanel.data("id", r.id()).data("fields", fields).data("wallets", wallets)
                    .data("entries", entries).render());
        });
    }

    private static void field(List<Field> fields, String name, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            fields.add(new Field(name, value.toString()));
        }
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
        var endpointList = who.role() == Role.COMPANY_ADMIN
                ? endpoints.list(who.account(), who).map(list -> list.stream().map(e -> new Endpoint(e.id(), e.url(),
                        String.join(", ", e.types()), e.enabled(), Layout.orEmpty(e.disabledReason()))).toList())
                : Uni.createFrom().item(List.<Endpoint> of());
        return chrome("alerts").chain(chrome -> alertRows(who).chain(list -> ruleList.chain(ruleRows -> endpointList
                .map(endpointRows -> Pages.html(alertsPage.data("chrome", chrome).data("alerts", list)
                        .data("rules", ruleRows).data("endpoints", endpointRows)
                        .data("companyAdmin", who.role() == Role.COMPANY_ADMIN).render())))));
    }

    /**
     * The account's alerts as server-sent events, for the alerts page (the same stream as the API's, authenticated by
     * the session cookie): event {@code alert} or {@code resync}, each with its stream id, so that a browser that
     * reconnects (EventSource does, with {@code Last-Event-ID}) is sent what it missed; the page then reloads its
     * list. A comment keeps an idle connection open.
     */
    @GET
    @Path("/alerts/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public Multi<OutboundSseEvent> alertStream(@HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        var who = caller.get();
        var events = streams.open(who.account(), lastEventId, null, who)
                .map(event -> sse.newEventBuilder().name(event.name()).id(event.id()).data(event.name()).build());
        var keepAlive = Multi.createFrom().ticks().startingAfter(java.time.Duration.ofMillis(1))
                .every(streams.keepAlive()).onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, keepAlive);
    }

    /** The alert list alone: what the alerts page reloads when its stream sends an event. */
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
        return layout.chrome(active);
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

    static List<Limit> limits(CreditStatusView status) {
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
