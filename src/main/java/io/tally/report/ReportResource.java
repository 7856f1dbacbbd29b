package io.tally.report;

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

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.history.TableFiles;

/**
 * An account's reports, summed from its daily rollups (docs/reports.md): a series, a cumulative series, a breakdown;
 * and the rebuild of the rollups from the records (operator). The query string is read as a whole
 * ({@link ReportParameters}) so that unknown and repeated parameters are refused.
 */
@Path("/v1/accounts/{account}/reports")
class ReportResource {
    private final Reports reports;
    private final CurrentCaller caller;

    ReportResource(Reports reports, CurrentCaller caller) {
        this.reports = reports;
        this.caller = caller;
    }

    @GET
    @Path("/usage")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<SeriesView> usage(@PathParam("account") String account, @Context UriInfo uri) {
        return reports.usage(account, uri.getQueryParameters(), caller.get());
    }

    @GET
    @Path("/cumulative")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<CumulativeView> cumulative(@PathParam("account") String account, @Context UriInfo uri) {
        return reports.cumulative(account, uri.getQueryParameters(), caller.get());
    }

    @GET
    @Path("/breakdown")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<BreakdownView> breakdown(@PathParam("account") String account, @Context UriInfo uri) {
        return reports.breakdown(account, uri.getQueryParameters(), caller.get());
    }

    @GET
    @Path("/breakdown/export")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The breakdown as a file, an attachment", content = {
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "404", description = "No such account")
    public RestMulti<byte[]> breakdownExport(@PathParam("account") String account, @Context UriInfo uri) {
        return RestMulti.fromUniResponse(reports.breakdownFile(account, uri.getQueryParameters(), caller.get()),
                TableFiles.TableFile::body, TableFiles.TableFile::headers);
    }

    @GET
    @Path("/plan-usage")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The plan usage table of the current billing cycle", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PlanUsageView.class)))
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<PlanUsageView> planUsage(@PathParam("account") String account, @Context UriInfo uri) {
        return reports.planUsage(account, uri.getQueryParameters(), caller.get());
    }

    @GET
    @Path("/credit-status")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "Used and remaining against each limit set", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreditStatusView.class)))
    @APIResponse(responseCode = "404", description = "No such account or sub-account")
    public Uni<CreditStatusView> creditStatus(@PathParam("account") String account, @Context UriInfo uri) {
        return reports.creditStatus(account, uri.getQueryParameters(), caller.get());
    }

    /** Recomputes the account's rollups from its usage records (after a change of its time zone, or a repair). */
    @POST
    @Path("/rebuild")
    @Allowed({ OPERATOR })
    public Uni<RollupRebuildView> rebuild(@PathParam("account") String account) {
        return reports.rebuild(account).map(rows -> new RollupRebuildView(account, rows));
    }

    record RollupRebuildView(String account, int rows) {
    }
}
