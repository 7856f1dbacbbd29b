package io.tally.payment;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;
import io.tally.platform.StrictQuery;

/** The packages an account may buy (with what they buy it per country), and their purchase. */
@Path("/v1/accounts/{account}")
class PurchaseResource {
    private final Purchases purchases;
    private final CurrentCaller caller;

    PurchaseResource(Purchases purchases, CurrentCaller caller) {
        this.purchases = purchases;
        this.caller = caller;
    }

    @GET
    @Path("/packages")
    @Allowed({ OPERATOR, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The catalogue with the messages each package buys per destination country", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OfferView.ListView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<OfferView.ListView> packages(@PathParam("account") String account) {
        return purchases.offers(account, caller.get());
    }

    @POST
    @Path("/purchases")
    @Allowed({ COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "201", description = "Paid and granted (a repeat of the key: the same purchase, replayed)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurchaseView.class)))
    @APIResponse(responseCode = "200", description = "With preview=true: the cost and what would be granted; nothing was recorded, charged or granted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurchaseView.class)))
    @APIResponse(responseCode = "402", description = "The payment provider declined the payment; nothing was granted")
    @APIResponse(responseCode = "409", description = "The idempotencyKey was used with another request")
    @APIResponse(responseCode = "503", description = "The payment's outcome is not known yet; retry with the same idempotencyKey")
    @Parameter(name = "preview", in = ParameterIn.QUERY, description = "true: answer the cost and what would be granted; record, charge and grant nothing")
    public Uni<RestResponse<PurchaseView>> buy(@PathParam("account") String account, PurchaseRequest body,
            @Context UriInfo uri) {
        var query = new StrictQuery(uri.getQueryParameters(), Set.of("preview"));
        boolean preview = preview(query.raw("preview"));
        return purchases.buy(account, Fields.body(body), preview, caller.get())
                .map(view -> preview
                        ? RestResponse.ok(view)
                        : RestResponse.status(RestResponse.Status.CREATED, view));
    }

    private static boolean preview(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw Refusal.invalid("preview", "preview: true or false");
    }
}
