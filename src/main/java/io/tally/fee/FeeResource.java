package io.tally.fee;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * An account's recurring fees (docs/ledger.md "Recurring fees"): operators set and end them; company admins read
 * them, office admins those of their sub-accounts.
 */
@Path("/v1/accounts/{account}/fees")
class FeeResource {
    private static final int MAX_LIMIT = 500;

    private final Fees fees;
    private final CurrentCaller caller;

    FeeResource(Fees fees, CurrentCaller caller) {
        this.fees = fees;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The account's fees, by id (an office admin's: those of its sub-accounts)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeeView.Page.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<FeeView.Page> list(@PathParam("account") String account) {
        return fees.list(account, caller.get())
                .map(found -> new FeeView.Page(found.stream().map(FeeView::of).toList()));
    }

    @GET
    @Path("/{fee}")
    @Allowed({ OPERATOR, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The fee", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeeView.class)))
    @APIResponse(responseCode = "404", description = "No such account or fee")
    public Uni<FeeView> get(@PathParam("account") String account, @PathParam("fee") String fee) {
        return fees.get(account, fee, caller.get()).map(FeeView::of);
    }

    @PUT
    @Path("/{fee}")
    @Allowed({ OPERATOR })
    @APIResponse(responseCode = "200", description = "The fee, as stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeeView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<FeeView> put(@PathParam("account") String account, @PathParam("fee") String fee, FeeRequest body) {
        return fees.put(account, fee, Fields.body(body), caller.get()).map(FeeView::of);
    }

    @DELETE
    @Path("/{fee}")
    @Allowed({ OPERATOR })
    @APIResponse(responseCode = "200", description = "The fee, ended now: periods that start later are not charged", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeeView.class)))
    @APIResponse(responseCode = "404", description = "No such account or fee")
    public Uni<FeeView> end(@PathParam("account") String account, @PathParam("fee") String fee) {
        return fees.end(account, fee, caller.get()).map(FeeView::of);
    }

    @GET
    @Path("/{fee}/charges")
    @Allowed({ OPERATOR, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The periods charged, the latest first", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FeeView.Charges.class)))
    @APIResponse(responseCode = "404", description = "No such account or fee")
    public Uni<FeeView.Charges> charges(@PathParam("account") String account, @PathParam("fee") String fee,
            @QueryParam("limit") @DefaultValue("100") String limit) {
        return fees.charges(account, fee, limit(limit), caller.get())
                .map(found -> new FeeView.Charges(found.stream().map(FeeView.ChargeView::of).toList()));
    }

    private static int limit(String text) {
        if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_LIMIT) {
            throw Refusal.invalid("limit", "limit: 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(text);
    }
}
