package io.tally.metering;

import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.util.OptionalLong;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.ledger.Settle;
import io.tally.platform.Fields;

/** Holds before dispatch, settled after: the sending pipeline's endpoints. */
@Path("/v1/reservations")
class ReservationResource {
    private final Metering metering;
    private final CurrentCaller caller;
    private final ObjectMapper json;

    ReservationResource(Metering metering, CurrentCaller caller, ObjectMapper json) {
        this.metering = metering;
        this.caller = caller;
        this.json = json;
    }

    @POST
    @Allowed({ OPERATOR, SERVICE })
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Held: what was reserved, from which lots", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "402", description = "A limit (pool, allocation, monthly limit) does not allow it")
    @APIResponse(responseCode = "404", description = "No such account or sub-account")
    @APIResponse(responseCode = "409", description = "This idempotencyKey was used with a different request")
    @APIResponse(responseCode = "422", description = "No rate prices this destination")
    public Uni<ReservationView> reserve(UsageRequest body) {
        return metering.reserve(Fields.body(body), caller.get())
                .map(ReservationView::of);
    }

    /**
     * Commits the hold, or with {@code amount} only that much of it (the rest goes back where it came from). The
     * body is optional, so a bare POST with no content type commits everything.
     */
    @POST
    @Path("/{id}/commit")
    @Consumes({ MediaType.APPLICATION_JSON, MediaType.WILDCARD })
    @Allowed({ OPERATOR, SERVICE })
    @APIResponse(responseCode = "200", description = "Settled, by this call or an earlier one", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettlementView.class)))
    @APIResponse(responseCode = "404", description = "No such reservation")
    public Uni<SettlementView> commit(@PathParam("id") String id, String body) throws JsonProcessingException {
        var request = body == null || body.isBlank() ? null : json.readValue(body, CommitRequest.class);
        var amount = request == null || request.amount() == null
                ? OptionalLong.empty()
                : OptionalLong.of(Amounts.positive("amount", request.amount()));
        return metering.settle(id, Settle.SettleAction.COMMIT, amount, caller.get())
                .map(outcome -> SettlementView.of(id, outcome));
    }

    @POST
    @Path("/{id}/release")
    @Allowed({ OPERATOR, SERVICE })
    @APIResponse(responseCode = "200", description = "Settled, by this call or an earlier one", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettlementView.class)))
    @APIResponse(responseCode = "404", description = "No such reservation")
    public Uni<SettlementView> release(@PathParam("id") String id) {
        return metering.settle(id, Settle.SettleAction.RELEASE, OptionalLong.empty(), caller.get())
                .map(outcome -> SettlementView.of(id, outcome));
    }

    record CommitRequest(String amount) {
    }
}
