package io.tally.history;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestMulti;

import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;

/**
 * Every one of an account's usage records the listing's filters match, as one CSV or XLSX file
 * ({@code usage-history-YYYY-MM-DD},
 * docs/api.md "Exports"), streamed: bad parameters, scope and the account are checked before the first byte.
 */
@Path("/v1/accounts/{account}/usage/export")
class UsageExportResource {
    private final Exports exports;
    private final CurrentCaller caller;

    UsageExportResource(Exports exports, CurrentCaller caller) {
        this.exports = exports;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "The file, as an attachment", content = {
            @Content(mediaType = ExportFormat.CSV_TYPE, schema = @Schema(type = SchemaType.STRING)),
            @Content(mediaType = ExportFormat.XLSX_TYPE, schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "404", description = "No such account")
    public RestMulti<byte[]> export(@PathParam("account") String account, @Context UriInfo uri) {
        return RestMulti.fromUniResponse(exports.usage(account, uri.getQueryParameters(), caller.get()),
                Exports.Download::body, Exports.Download::headers);
    }
}
