package io.tally.payment;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.platform.Fields;

/** An account's auto-recharge: credits bought through the payment provider when its balance runs low. */
@Path("/v1/accounts/{account}/auto-recharge")
class AutoRechargeResource {
    private final AutoRecharges recharges;
    private final CurrentCaller caller;

    AutoRechargeResource(AutoRecharges recharges, CurrentCaller caller) {
        this.recharges = recharges;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The settings", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AutoRechargeView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or no auto-recharge set")
    public Uni<AutoRechargeView> get(@PathParam("account") String account) {
        return recharges.view(account, caller.get());
    }

    @PUT
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The settings, as stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AutoRechargeView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<AutoRechargeView> put(@PathParam("account") String account, AutoRechargeRequest body) {
        return recharges.change(account, Fields.body(body), caller.get());
    }
}
