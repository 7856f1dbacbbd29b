package io.tally.metering;

import static io.tally.auth.Role.OPERATOR;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.platform.Fields;

/** Grants of credit lots (plan allowances, packages, ...): the operator's billing system. */
@Path("/v1/accounts/{account}/grants")
class GrantResource {
    private final Wallets wallets;
    private final CurrentCaller caller;

    GrantResource(Wallets wallets, CurrentCaller caller) {
        this.wallets = wallets;
        this.caller = caller;
    }

    @POST
    @Allowed(OPERATOR)
    public Uni<Response> grant(@PathParam("account") String account, GrantRequest body) {
        return wallets.grant(account, Fields.body(body), caller.get());
    }
}
