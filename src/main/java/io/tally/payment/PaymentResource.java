package io.tally.payment;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.GET;
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
import io.tally.auth.CurrentCaller;
import io.tally.auth.Role;
import io.tally.auth.Scopes;
import io.tally.platform.Keyset;
import io.tally.platform.Refusal;
import io.tally.platform.StrictQuery;

/** Every recharge and purchase of an account, newest first (office admins: their offices' purchases). */
@Path("/v1/accounts/{account}/payments")
class PaymentResource {
    private final PaymentRepository payments;
    private final AccountDirectory directory;
    private final CurrentCaller caller;

    PaymentResource(PaymentRepository payments, AccountDirectory directory, CurrentCaller caller) {
        this.payments = payments;
        this.directory = directory;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "A page of payments", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentView.PageView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<PaymentView.PageView> list(@PathParam("account") String account, @Context UriInfo uri) {
        var who = caller.get();
        Scopes.requireAccount(who, account);
        var query = new StrictQuery(uri.getQueryParameters(), Set.of("limit", "cursor"));
        var page = PaymentQuery.of(query.raw("limit"), query.raw("cursor"));
        var offices = who.role() == Role.OFFICE_ADMIN ? Optional.of(who.subAccounts()) : Optional.<Set<String>> empty();
        return directory.profile(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .chain(() -> payments.page(account, offices, page))
                .map(rows -> {
                    var items = rows.stream().limit(page.limit()).map(PaymentView::of).toList();
                    var next = rows.size() > page.limit()
                            ? new Keyset(rows.get(page.limit() - 1).createdAt(),
                                    rows.get(page.limit() - 1).id()).cursor()
                            : null;
                    return new PaymentView.PageView(items, next);
                });
    }
}
