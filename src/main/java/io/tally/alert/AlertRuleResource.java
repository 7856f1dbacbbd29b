package io.tally.alert;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.platform.Fields;

/** An account's alert rules (docs/alerts.md): company admins and operators manage them. */
@Path("/v1/accounts/{account}/alert-rules")
class AlertRuleResource {
    private final AlertRules rules;
    private final CurrentCaller caller;

    AlertRuleResource(AlertRules rules, CurrentCaller caller) {
        this.rules = rules;
        this.caller = caller;
    }

    @POST
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "201", description = "The rule, as stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertRuleView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    @APIResponse(responseCode = "409", description = "The account has the most rules it may have")
    public Uni<RestResponse<AlertRuleView>> create(@PathParam("account") String account, AlertRuleRequest body) {
        return rules.create(account, Fields.body(body), caller.get())
                .map(AlertRuleView::of)
                .map(view -> RestResponse.status(RestResponse.Status.CREATED, view));
    }

    @GET
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The account's rules, by id", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertRuleView.Page.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<AlertRuleView.Page> list(@PathParam("account") String account) {
        return rules.list(account, caller.get())
                .map(found -> new AlertRuleView.Page(found.stream().map(AlertRuleView::of).toList()));
    }

    @GET
    @Path("/{rule}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The rule", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertRuleView.class)))
    @APIResponse(responseCode = "404", description = "No such account or rule")
    public Uni<AlertRuleView> get(@PathParam("account") String account, @PathParam("rule") String rule) {
        return rules.get(account, rule, caller.get()).map(AlertRuleView::of);
    }

    @PATCH
    @Path("/{rule}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The rule, as stored", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AlertRuleView.class)))
    @APIResponse(responseCode = "404", description = "No such account or rule")
    public Uni<AlertRuleView> patch(@PathParam("account") String account, @PathParam("rule") String rule,
            AlertRuleRequest body) {
        return rules.patch(account, rule, Fields.body(body), caller.get()).map(AlertRuleView::of);
    }

    @DELETE
    @Path("/{rule}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "204", description = "Deleted; its thresholds no longer fire")
    @APIResponse(responseCode = "404", description = "No such account or rule")
    public Uni<RestResponse<Void>> delete(@PathParam("account") String account, @PathParam("rule") String rule) {
        return rules.delete(account, rule, caller.get()).map(ignored -> RestResponse.noContent());
    }
}
