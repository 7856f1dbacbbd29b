package io.tally.metering;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

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
    public Uni<BalanceView> balance(@PathParam("account") String account) {
        return wallets.balance(account, caller.get());
    }
}
