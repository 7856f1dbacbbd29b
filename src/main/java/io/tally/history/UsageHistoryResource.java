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

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;

/**
 * An account's usage records, newest first, a page at a time (docs/api.md "History"). The query string is read as a
 * whole ({@link QueryParameters}) so that unknown and repeated parameters are refused.
 */
@Path("/v1/accounts/{account}/usage")
class UsageHistoryResource {
    private final History history;
    private final CurrentCaller caller;

    UsageHistoryResource(History history, CurrentCaller caller) {
        this.history = history;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<HistoryPage<UsageRecordView>> list(@PathParam("account") String account, @Context UriInfo uri) {
        return history.usage(account, uri.getQueryParameters(), caller.get());
    }

    @GET
    @Path("/{recordId}")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<UsageRecordDetailView> record(@PathParam("account") String account,
            @PathParam("recordId") String recordId) {
        return history.record(account, recordId, caller.get());
    }
}
