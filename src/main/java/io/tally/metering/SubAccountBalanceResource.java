package io.tally.metering;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;

/** One sub-account's balance: its allocation, monthly limit and spend this month (office admins: their own). */
@Path("/v1/accounts/{account}/sub-accounts/{sub}/balance")
class SubAccountBalanceResource {
    private final Wallets wallets;
    private final CurrentCaller caller;

    SubAccountBalanceResource(Wallets wallets, CurrentCaller caller) {
        this.wallets = wallets;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The sub-account's balance", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubAccountBalanceView.class)))
    @APIResponse(responseCode = "404", description = "No such account or sub-account")
    public Uni<SubAccountBalanceView> balance(@PathParam("account") String account, @PathParam("sub") String sub) {
        return wallets.subAccountBalance(account, sub, caller.get());
    }
}
