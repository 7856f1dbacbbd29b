package io.tally.metering;

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
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Granted", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GrantView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    @APIResponse(responseCode = "409", description = "This idempotencyKey was used with a different request")
    public Uni<GrantView> grant(@PathParam("account") String account, GrantRequest body) {
        return wallets.grant(account, Fields.body(body), caller.get());
    }

    /** The lot granted, the debt it paid at once, and the pool after it. */
    record GrantView(String lot, BigDecimal amount, BigDecimal debtPaid, BigDecimal pool, boolean replayed) {
    }
}
