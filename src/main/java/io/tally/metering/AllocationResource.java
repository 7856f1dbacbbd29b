package io.tally.metering;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.platform.Fields;

/** Moves credits between the pool and an allocated sub-account: a positive amount allocates, a negative one gives back. */
@Path("/v1/accounts/{account}/allocations")
class AllocationResource {
    private final Wallets wallets;
    private final CurrentCaller caller;

    AllocationResource(Wallets wallets, CurrentCaller caller) {
        this.wallets = wallets;
        this.caller = caller;
    }

    @POST
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<Response> allocate(@PathParam("account") String account, AllocationRequest body) {
        return wallets.allocate(account, Fields.body(body), caller.get());
    }

    record AllocationRequest(String idempotencyKey, String subAccount, String amount) {
    }
}
