package io.tally.receipt;

import static io.tally.auth.Role.OPERATOR;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.platform.Refusal;
import io.tally.platform.StrictQuery;

/** Operators' list of receipts no dispatch matched for longer than {@code tally.receipts.unmatched-after}. */
@Path("/v1/receipts/unmatched")
class UnmatchedReceiptResource {
    private static final int MAX_LIMIT = 1000;

    private final UnmatchedReceipts unmatched;

    UnmatchedReceiptResource(UnmatchedReceipts unmatched) {
        this.unmatched = unmatched;
    }

    @GET
    @Allowed(OPERATOR)
    @APIResponse(responseCode = "200", description = "Unmatched carrier messages, oldest first within each partition", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UnmatchedView[].class)))
    @Parameter(name = "limit", description = "At most this many (1 to 1000, default 100)")
    public Uni<List<UnmatchedView>> list(@Context UriInfo uri) {
        var query = new StrictQuery(uri.getQueryParameters(), java.util.Set.of("limit"));
        var raw = query.raw("limit");
        int limit = 100;
        if (raw != null) {
            try {
                limit = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw Refusal.invalid("limit", "limit: a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return unmatched.list(limit);
    }
}
