package io.tally.statement;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.platform.StrictQuery;

/**
 * An account's (or, with {@code subAccount}, one sub-account's) statement of a month ({@code 2026-11}) or ISO week
 * ({@code 2026-W47}) in its time zone (docs/reports.md "Statements"): as JSON, as a printable page, as a CSV file.
 */
@Path("/v1/accounts/{account}/statements/{period}")
class StatementResource {
    static final String CSV = "text/csv";

    private final Statements statements;
    private final StatementPageView pages;
    private final CurrentCaller caller;

    StatementResource(Statements statements, StatementPageView pages, CurrentCaller caller) {
        this.statements = statements;
        this.pages = pages;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The statement", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatementView.class)))
    @APIResponse(responseCode = "404", description = "No such account or sub-account")
    public Uni<StatementView> json(@PathParam("account") String account, @PathParam("period") String period,
            @Context UriInfo uri) {
        return statement(account, period, uri).map(StatementView::of);
    }

    @GET
    @Path("/html")
    @Produces(MediaType.TEXT_HTML)
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The statement as a printable page", content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such account or sub-account")
    public Uni<RestResponse<String>> html(@PathParam("account") String account, @PathParam("period") String period,
            @Context UriInfo uri) {
        return statement(account, period, uri).map(named -> RestResponse.ResponseBuilder
                .ok(pages.html(named), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .header("X-Content-Type-Options", "nosniff").build());
    }

    @GET
    @Path("/csv")
    @Produces(CSV)
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The statement as a CSV file, an attachment", content = @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such account or sub-account")
    public Uni<RestResponse<String>> csv(@PathParam("account") String account, @PathParam("period") String period,
            @Context UriInfo uri) {
        return statement(account, period, uri).map(named -> RestResponse.ResponseBuilder
                .ok(pages.csv(named), CSV + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName(named.statement()) + "\"")
                .build());
    }

    static String fileName(Statement s) {
        return "statement-" + s.account() + (s.subAccount() == null ? "" : "-" + s.subAccount()) + "-"
                + s.period().name() + ".csv";
    }

    private Uni<Statements.Named> statement(String account, String period, UriInfo uri) {
        var query = new StrictQuery(uri.getQueryParameters(), Set.of("subAccount"));
        return statements.statement(account, period, query.raw("subAccount"), caller.get());
    }
}
