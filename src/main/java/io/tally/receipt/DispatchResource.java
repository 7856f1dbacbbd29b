package io.tally.receipt;

import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import jakarta.ws.rs.POST;
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

/** The sending pipeline tells which carrier message a reservation became, so that its receipts settle the hold. */
@Path("/v1/reservations/{id}/dispatch")
class DispatchResource {
    private final Receipts receipts;
    private final CurrentCaller caller;

    DispatchResource(Receipts receipts, CurrentCaller caller) {
        this.receipts = receipts;
        this.caller = caller;
    }

    @POST
    @Allowed({ OPERATOR, SERVICE })
    @APIResponse(responseCode = "200", description = "Mapped (again, for a repeated dispatch); settled when its receipts came first", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DispatchView.class)))
    @APIResponse(responseCode = "404", description = "No such reservation")
    @APIResponse(responseCode = "409", description = "This carrier message was dispatched for another reservation")
    public Uni<DispatchView> dispatch(@PathParam("id") String id, DispatchRequest body) {
        return receipts.dispatch(id, Fields.body(body), caller.get());
    }
}
