package io.tally.alert;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.Allowed;
import io.tally.auth.Caller;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Role;
import io.tally.auth.Scopes;
import io.tally.platform.Keyset;
import io.tally.platform.Refusal;
import io.tally.platform.StrictQuery;

/**
 * An account's alert history (docs/alerts.md "History"): newest first, filtered, in keyset pages; office admins see
 * their offices' alerts only. {@code dismissed} is per API key: what this key dismissed.
 */
@Path("/v1/accounts/{account}/alerts")
class AlertResource {
    private final AlertRepository alerts;
    private final AccountDirectory directory;
    private final CurrentCaller caller;
    private final Clock clock;

    AlertResource(AlertRepository alerts, AccountDirectory directory, CurrentCaller caller, Clock clock) {
        this.alerts = alerts;
        this.directory = directory;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "A page of alerts", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertView.Page.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<AlertView.Page> list(@PathParam("account") String account, @Context UriInfo uri) {
        var who = caller.get();
        Scopes.requireAccount(who, account);
        var query = new StrictQuery(uri.getQueryParameters(), Set.of("type", "state", "from", "to", "limit", "cursor"));
        var page = AlertQuery.of(query.raw("type"), query.raw("state"), query.raw("from"), query.raw("to"),
                query.raw("limit"), query.raw("cursor"));
        return requireAccount(account)
                .chain(() -> alerts.page(account, who.keyId(), offices(who), page))
                .map(rows -> {
                    var items = rows.stream().limit(page.limit())
                            .map(row -> AlertView.of(row.alert(), row.dismissed())).toList();
                    var last = rows.size() > page.limit() ? rows.get(page.limit() - 1).alert() : null;
                    return new AlertView.Page(items,
                            last == null ? null : new Keyset(last.at(), last.id()).cursor());
                });
    }

    @POST
    @Path("/{alert}/dismiss")
    @Allowed({ OPERATOR, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The alert, dismissed for this key", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "404", description = "No such account or alert (or not in the history yet)")
    public Uni<AlertView> dismiss(@PathParam("account") String account, @PathParam("alert") String alert) {
        var who = caller.get();
        Scopes.requireAccount(who, account);
        return requireAccount(account)
                .chain(() -> alerts.find(account, who.keyId(), alert))
                .map(found -> found.filter(row -> row.alert().visibleTo(offices(who)))
                        .orElseThrow(() -> Refusal.notFound("no alert " + alert)))
                .call(row -> alerts.dismiss(account, alert, who.keyId(), clock.instant()))
                .map(row -> AlertView.of(row.alert(), true));
    }

    private static Optional<Set<String>> offices(Caller who) {
        return who.role() == Role.OFFICE_ADMIN ? Optional.of(who.subAccounts()) : Optional.empty();
    }

    private Uni<Void> requireAccount(String account) {
        return directory.profile(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .replaceWithVoid();
    }
}
