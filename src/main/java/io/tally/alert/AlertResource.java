package io.tally.alert;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;

/**
 * An account's alert history (docs/alerts.md "History"): newest first, filtered, in keyset pages; office admins see
 * their offices' alerts only. {@code dismissed} is per API key: what this key dismissed.
 */
@Path("/v1/accounts/{account}/alerts")
class AlertResource {
    private final AlertHistory history;
    private final CurrentCaller caller;

    AlertResource(AlertHistory history, CurrentCaller caller) {
        this.history = history;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "A page of alerts", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertView.Page.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<AlertView.Page> list(@PathParam("account") String account, @Context UriInfo uri) {
        return history.page(account, uri.getQueryParameters(), caller.get());
    }

    @POST
    @Path("/{alert}/dismiss")
    @Allowed({ OPERATOR, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The alert, dismissed for this key", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertView.class)))
    @APIResponse(responseCode = "404", description = "No such account or alert (or not in the history yet)")
    public Uni<AlertView> dismiss(@PathParam("account") String account, @PathParam("alert") String alert) {
        return history.dismiss(account, alert, caller.get());
    }
}
