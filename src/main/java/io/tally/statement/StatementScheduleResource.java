package io.tally.statement;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
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

/** The account's statement emailed after each month or week to listed addresses (docs/reports.md "Statements"). */
@Path("/v1/accounts/{account}/statement-schedule")
class StatementScheduleResource {
    private final Statements statements;
    private final CurrentCaller caller;

    StatementScheduleResource(Statements statements, CurrentCaller caller) {
        this.statements = statements;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The schedule", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)))
    @APIResponse(responseCode = "404", description = "No such account, or no schedule")
    public Uni<ScheduleView> get(@PathParam("account") String account) {
        return statements.schedule(account, caller.get()).map(ScheduleView::of);
    }

    @PUT
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "Saved", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ScheduleView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<ScheduleView> put(@PathParam("account") String account, ScheduleRequest body) {
        var request = Fields.body(body);
        return statements.saveSchedule(account, request.frequency(), request.recipients(), caller.get())
                .map(ScheduleView::of);
    }

    @DELETE
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @ResponseStatus(204)
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No schedule")
    public Uni<Void> delete(@PathParam("account") String account) {
        return statements.deleteSchedule(account, caller.get());
    }

    record ScheduleRequest(String frequency, List<String> recipients) {
    }

    record ScheduleView(String account, String frequency, List<String> recipients) {
        static ScheduleView of(Schedule schedule) {
            return new ScheduleView(schedule.account(), schedule.frequency().label(), schedule.recipients());
        }
    }
}
