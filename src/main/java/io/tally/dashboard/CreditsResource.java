package io.tally.dashboard;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.Caller;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Role;
import io.tally.auth.SessionCookie;
import io.tally.dashboard.Views.Country;
import io.tally.dashboard.Views.Expiring;
import io.tally.dashboard.Views.Offer;
import io.tally.dashboard.Views.Payment;
import io.tally.dashboard.Views.Purchase;
import io.tally.dashboard.Views.Recharge;
import io.tally.dashboard.Views.Wallet;
import io.tally.metering.BalanceView;
import io.tally.metering.Wallets;
import io.tally.payment.AutoRechargeRequest;
import io.tally.payment.AutoRechargeView;
import io.tally.payment.AutoRecharges;
import io.tally.payment.OfferView;
import io.tally.payment.PaymentView;
import io.tally.payment.Payments;
import io.tally.payment.PurchaseRequest;
import io.tally.payment.PurchaseView;
import io.tally.payment.Purchases;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;
import io.tally.report.PlanUsageView;
import io.tally.report.Reports;

/**
 * The credits page (docs/dashboard.md): credit status, wallets and plan usage, lots expiring soon, adding credits
 * (the catalogue, a cost review through the purchase preview, then the purchase), the auto-recharge settings and the
 * payment history. Each part calls the service its API endpoint calls, with the session's caller, so an office admin
 * gets what its scope allows and no more: the services refuse the rest.
 */
@Path("/dashboard/credits")
@SessionCookie
@Allowed({ COMPANY_ADMIN, OFFICE_ADMIN })
class CreditsResource {
    /** Lots expiring within this long are listed as expiring soon. */
    static final Duration SOON = Duration.ofDays(30);
    private static final String PAYMENT_PAGE = "20";

    private final Reports reports;
    private final Wallets wallets;
    private final Purchases purchases;
    private final AutoRecharges recharges;
    private final Payments payments;
    private final Layout layout;
    private final CurrentCaller caller;
    private final Clock clock;
    private final Template page;
    private final Template review;
    private final Template bought;
    private final Template rechargeForm;
    private final Template paymentRows;

    CreditsResource(Reports reports, Wallets wallets, Purchases purchases, AutoRecharges recharges, Payments payments,
            Layout layout, CurrentCaller caller, Clock clock, @Location("dashboard/credits.html") Template page,
            @Location("dashboard/purchase-review.html") Template review,
            @Location("dashboard/purchase-done.html") Template bought,
            @Location("dashboard/recharge.html") Template rechargeForm,
            @Location("dashboard/payment-rows.html") Template paymentRows) {
        this.reports = reports;
        this.wallets = wallets;
        this.purchases = purchases;
        this.recharges = recharges;
        this.payments = payments;
        this.layout = layout;
        this.caller = caller;
        this.clock = clock;
        this.page = page;
        this.review = review;
        this.bought = bought;
        this.rechargeForm = rechargeForm;
        this.paymentRows = paymentRows;
    }

    @GET
    @Operation(hidden = true)
    public Uni<Response> credits() {
        var who = caller.get();
        var account = who.account();
        boolean company = who.role() == Role.COMPANY_ADMIN;
        var plan = company ? reports.planUsage(account, Map.of(), who).map(Optional::of)
                : Uni.createFrom().item(Optional.<PlanUsageView> empty());
        var expiring = company ? wallets.balance(account, who).map(this::expiring)
                : Uni.createFrom().item(List.<Expiring> of());
        var recharge = company ? recharge(account, who).map(Optional::of)
                : Uni.createFrom().item(Optional.<Recharge> empty());
        return layout.chrome("credits").chain(chrome -> Uni.combine().all()
                .unis(reports.creditStatus(account, Map.of(), who), plan, expiring,
                        purchases.offers(account, who), recharge, payments.page(account, PAYMENT_PAGE, null, who))
                .with(parts -> {
                    @SuppressWarnings("unchecked")
                    var usage = (Optional<PlanUsageView>) parts.get(1);
                    @SuppressWarnings("unchecked")
                    var soon = (List<Expiring>) parts.get(2);
                    @SuppressWarnings("unchecked")
                    var settings = (Optional<Recharge>) parts.get(4);
                    var history = (PaymentView.PageView) parts.get(5);
                    var html = page.data("chrome", chrome)
                            .data("limits", DashboardResource.limits((io.tally.report.CreditStatusView) parts.get(0)))
                            .data("hasPlan", usage.isPresent())
                            .data("wallets", usage.map(CreditsResource::kinds).orElse(List.of()))
                            .data("plan", usage.map(CreditsResource::categories).orElse(List.of()))
                            .data("expiring", soon).data("soonDays", SOON.toDays())
                            .data("offers", offers((OfferView.ListView) parts.get(3)))
                            .data("companyAdmin", company)
                            .data("offices", who.role() == Role.OFFICE_ADMIN && who.subAccounts().size() > 1
                                    ? who.subAccounts().stream().sorted().toList()
                                    : List.<String> of())
                            .data("recharge", settings.orElse(null))
                            .data("rechargeError", null).data("rechargeSaved", false)
                            .data("payments", payments(history)).data("next", history.next())
                            .render();
                    return Pages.html(html);
                }));
    }

    /** The cost review of a package: the purchase preview (nothing is charged), with the form that confirms it. */
    @POST
    @Path("/purchase/preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> preview(@FormParam("package") String pkg, @FormParam("paymentMethod") String method,
            @FormParam("subAccount") String subAccount) {
        var who = caller.get();
        var key = "dash-" + UUID.randomUUID();
        var request = new PurchaseRequest(key, blank(pkg), blank(method), blank(subAccount));
        return Uni.createFrom().deferred(() -> purchases.buy(who.account(), request, true, who))
                .map(view -> Pages.html(review.data("purchase", purchase(view, key)).data("error", null).render()))
                .onFailure(CreditsResource::shownInForm)
                .recoverWithItem(failure -> Pages.html(review.data("purchase", null)
                        .data("error", detail(failure)).render()));
    }

    /** The purchase itself, once reviewed: charged through the payment provider and granted, as the API does. */
    @POST
    @Path("/purchase")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> purchase(@FormParam("package") String pkg, @FormParam("paymentMethod") String method,
            @FormParam("subAccount") String subAccount, @FormParam("idempotencyKey") String key) {
        var who = caller.get();
        var request = new PurchaseRequest(blank(key), blank(pkg), blank(method), blank(subAccount));
        return Uni.createFrom().deferred(() -> purchases.buy(who.account(), request, false, who))
                .map(view -> Pages.html(bought.data("purchase", purchase(view, key)).data("error", null).render()))
                .onFailure(CreditsResource::shownInForm)
                .recoverWithItem(failure -> Pages.html(bought.data("purchase", null)
                        .data("error", detail(failure)).render()));
    }

    /** Changes the auto-recharge settings (company admins, as the API): the form again, saved or with the refusal. */
    @POST
    @Path("/auto-recharge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Uni<Response> autoRecharge(@FormParam("enabled") String enabled, @FormParam("threshold") String threshold,
            @FormParam("amount") String amount, @FormParam("target") String target,
            @FormParam("paymentMethod") String method, @FormParam("maxPerMonth") String maxPerMonth) {
        var who = caller.get();
        var request = new AutoRechargeRequest("on".equals(enabled), blank(threshold), blank(amount), blank(target),
                blank(method), blank(maxPerMonth));
        return Uni.createFrom().deferred(() -> recharges.change(who.account(), request, who))
                .map(view -> Pages.html(rechargeForm.data("recharge", recharge(view)).data("rechargeError", null)
                        .data("rechargeSaved", true).render()))
                .onFailure(CreditsResource::shownInForm)
                .recoverWithItem(failure -> Pages.html(rechargeForm.data("recharge", new Recharge(true,
                        "on".equals(enabled), orEmpty(threshold), orEmpty(amount), orEmpty(target), orEmpty(method),
                        orEmpty(maxPerMonth))).data("rechargeError", detail(failure)).data("rechargeSaved", false)
                        .render()));
    }

    /** The next page of the payment history: the rows "More" swaps in. */
    @GET
    @Path("/payments")
    @Operation(hidden = true)
    public Uni<Response> paymentPage(@QueryParam("cursor") String cursor) {
        var who = caller.get();
        return payments.page(who.account(), PAYMENT_PAGE, blank(cursor), who).map(history -> Pages.html(
                paymentRows.data("payments", payments(history)).data("next", history.next()).render()));
    }

    /**
     * Refusals a person fixes in the form (a field, a declined payment, a key reused, an outcome not known yet) are
     * shown in it; scope refusals (403) and missing things (404) stay errors.
     */
    private static boolean shownInForm(Throwable failure) {
        if (failure instanceof Refusal refusal) {
            return refusal.kind() == Refusal.Kind.INVALID;
        }
        if (failure instanceof ProblemException problem) {
            int status = problem.problem().status();
            return status == 400 || status == 402 || status == 409 || status == 503;
        }
        return false;
    }

    private static String detail(Throwable failure) {
        return failure instanceof Refusal refusal ? refusal.reason()
                : ((ProblemException) failure).problem().detail();
    }

    private Uni<Recharge> recharge(String account, Caller who) {
        return recharges.view(account, who).map(CreditsResource::recharge)
                .onFailure(f -> f instanceof Refusal r && r.kind() == Refusal.Kind.NOT_FOUND
                        || f instanceof ProblemException p && p.problem().status() == 404)
                .recoverWithItem(new Recharge(false, false, "", "", "", "", ""));
    }

    private static Recharge recharge(AutoRechargeView v) {
        return new Recharge(true, v.enabled(), Layout.text(v.threshold()), Layout.text(v.amount()),
                Layout.text(v.target()), orEmpty(v.paymentMethod()), Layout.text(v.maxPerMonth()));
    }

    /** The lots that can still pay and expire within {@link #SOON}, soonest first. */
    private List<Expiring> expiring(BalanceView balance) {
        var now = clock.instant();
        var until = now.plus(SOON);
        return balance.lots().stream()
                .filter(lot -> lot.expiresAt() != null && lot.expiresAt().isAfter(now)
                        && lot.expiresAt().isBefore(until) && lot.available() != null
                        && lot.available().signum() > 0)
                .sorted(Comparator.comparing(BalanceView.LotView::expiresAt))
                .map(lot -> new Expiring(lot.id(), lot.kind(), Layout.text(lot.available()),
                        lot.expiresAt().toString(), lot.services() == null ? "" : String.join(", ", lot.services())))
                .toList();
    }

    private static List<Offer> offers(OfferView.ListView list) {
        return list.items().stream().map(o -> new Offer(o.id(), o.name(), Layout.money(o.price(), o.currency()),
                Layout.text(o.credits()), orEmpty(o.kind()), orEmpty(o.validity()),
                o.services() == null ? "" : String.join(", ", o.services()),
                o.messagesPerCountry() == null ? List.of()
                        : o.messagesPerCountry().stream().map(c -> new Country(c.country(), Layout.text(c.rate()),
                                c.messages() == null ? "any number" : c.messages().toString())).toList()))
                .toList();
    }

    private static Purchase purchase(PurchaseView v, String key) {
        return new Purchase(orEmpty(v.id()), orEmpty(v.status()), orEmpty(v.packageId()), Layout.text(v.credits()),
                Layout.money(v.amount(), v.currency()), orEmpty(v.kind()),
                v.expiresAt() == null ? "never" : v.expiresAt().toString(), orEmpty(v.subAccount()),
                orEmpty(v.paymentMethod()), orEmpty(key), orEmpty(v.lot()));
    }

    private static List<Payment> payments(PaymentView.PageView page) {
        return page.items().stream().map(p -> new Payment(p.createdAt().toString(), p.kind(), p.status(),
                Layout.text(p.credits()), Layout.money(p.amount(), p.currency()), orEmpty(p.subAccount()),
                orEmpty(p.packageId()), orEmpty(p.reference()), orEmpty(p.failure()))).toList();
    }

    private static List<Wallet> kinds(PlanUsageView plan) {
        return plan.wallets().stream().map(w -> new Wallet(w.kind(), Layout.text(w.granted()), Layout.text(w.used()),
                Layout.text(w.balance()), Layout.text(w.usedPercent()),
                w.cycle() == null ? "" : w.cycle().start() + " to " + w.cycle().end(),
                w.nextExpiry() == null ? "" : w.nextExpiry().toString())).toList();
    }

    private static List<Wallet> categories(PlanUsageView plan) {
        var lines = new ArrayList<Wallet>();
        for (var c : plan.categories()) {
            lines.add(new Wallet(c.category(), Layout.text(c.committed()), Layout.text(c.spent()),
                    Layout.text(c.available()), Layout.text(c.usedPercent()), "", ""));
        }
        return lines;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
