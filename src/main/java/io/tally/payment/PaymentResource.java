package io.tally.payment;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

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
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.platform.StrictQuery;

/** Every recharge and purchase of an account, newest first (office admins: their offices' purchases). */
@Path("/v1/accounts/{account}/payments")
class PaymentResource {
    private final Payments payments;
    private final CurrentCaller caller;

    PaymentResource(Payments payments, CurrentCaller caller) {
        this.payments = payments;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "A page of payments", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PaymentView.PageView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<PaymentView.PageView> list(@PathParam("account") String account, @Context UriInfo uri) {
        var query = new StrictQuery(uri.getQueryParameters(), Set.of("limit", "cursor"));
        return payments.page(account, query.raw("limit"), query.raw("cursor"), caller.get());
    }
}
