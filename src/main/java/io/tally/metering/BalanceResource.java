package io.tally.metering;

import static io.tally.auth.Role.COMPANY_ADMIN;
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

/** A consistent snapshot of an account's lots, holds, pool, allocations and limits, read by one script. */
@Path("/v1/accounts/{account}/balance")
class BalanceResource {
    private final Wallets wallets;
    private final CurrentCaller caller;

    BalanceResource(Wallets wallets, CurrentCaller caller) {
        this.wallets = wallets;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The balance", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BalanceView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<BalanceView> balance(@PathParam("account") String account) {
        return wallets.balance(account, caller.get());
    }
}
