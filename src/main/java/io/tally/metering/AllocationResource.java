package io.tally.metering;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import java.math.BigDecimal;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

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
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Moved", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AllocationView.class)))
    @APIResponse(responseCode = "402", description = "The pool (or, giving back, the allocation) does not hold that much")
    @APIResponse(responseCode = "404", description = "No such account or sub-account")
    @APIResponse(responseCode = "409", description = "This idempotencyKey was used with a different request")
    public Uni<AllocationView> allocate(@PathParam("account") String account, AllocationRequest body) {
        return wallets.allocate(account, Fields.body(body), caller.get());
    }

    record AllocationRequest(String idempotencyKey, String subAccount, String amount) {
    }

    /** The sub-account's allocation and the pool after the move. */
    record AllocationView(BigDecimal allocation, BigDecimal pool, boolean replayed) {
    }
}
