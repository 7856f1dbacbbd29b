package io.tally.alert;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.smallrye.mutiny.Multi;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Scopes;
import io.tally.platform.StrictQuery;

/**
 * {@code GET /v1/accounts/{account}/alerts/stream}: the account's alerts as server-sent events (docs/alerts.md).
 * Event {@code alert} (data: the alert; SSE id: its stream entry id), {@code resync} when the client's
 * {@code Last-Event-ID} is older than the stream keeps, and a comment every keep-alive interval.
 */
@Path("/v1/accounts/{account}/alerts/stream")
class AlertStreamResource {
    private final AlertStreams streams;
    private final CurrentCaller caller;

    AlertStreamResource(AlertStreams streams, CurrentCaller caller) {
        this.streams = streams;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    @APIResponse(responseCode = "200", description = "Server-sent events: alert, resync, and keep-alive comments")
    @APIResponse(responseCode = "429", description = "The account has the most alert streams open it may have")
    public Multi<OutboundSseEvent> stream(@PathParam("account") String account,
            @HeaderParam("Last-Event-ID") String lastEventId, @Context UriInfo uri, @Context Sse sse) {
        var who = caller.get();
        Scopes.requireAccount(who, account);
        var query = new StrictQuery(uri.getQueryParameters(), Set.of("lastEventId"));
        var events = streams.open(account, lastEventId, query.raw("lastEventId"), who).map(event -> frame(sse, event));
        var keepAlive = Multi.createFrom().ticks().startingAfter(java.time.Duration.ofMillis(1)).every(streams.keepAlive())
                .onOverflow().drop()
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(events, keepAlive);
    }

    private static OutboundSseEvent frame(Sse sse, AlertStreams.Event event) {
        @SuppressWarnings("unchecked")
        var type = (Class<Object>) event.data().getClass();
        return sse.newEventBuilder().name(event.name()).id(event.id()).mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(type, event.data()).build();
    }
}
