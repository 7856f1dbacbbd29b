package io.tally.webhook;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.ResponseStatus;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Scopes;
import io.tally.platform.Fields;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;
import io.tally.platform.StrictQuery;

/** An account's webhook endpoints, their deliveries and redelivery (docs/alerts.md, "Webhooks"). */
@Path("/v1/accounts/{account}/webhook-endpoints")
class WebhookEndpointResource {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 200;

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final TargetResolver resolver;
    private final WebhookDispatcher dispatcher;
    private final AccountDirectory directory;
    private final CurrentCaller caller;
    private final Clock clock;
    private final WebhookConfig config;
    private final WebhookEndpoints listing;

    WebhookEndpointResource(EndpointRepository endpoints, DeliveryRepository deliveries, TargetResolver resolver,
            WebhookDispatcher dispatcher, AccountDirectory directory, CurrentCaller caller, Clock clock,
            WebhookConfig config, WebhookEndpoints listing) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.resolver = resolver;
        this.dispatcher = dispatcher;
        this.directory = directory;
        this.caller = caller;
        this.clock = clock;
        this.config = config;
        this.listing = listing;
    }

    @POST
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @ResponseStatus(201)
    @APIResponse(responseCode = "201", description = "Created; its secret is in this answer only", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "400", description = "A URL that may not receive webhooks (not http(s), or resolving to a non-public address), or unknown types")
    @APIResponse(responseCode = "404", description = "No such account")
    public Uni<EndpointView> create(@PathParam("account") String account, EndpointRequest body) {
        Scopes.requireWholeAccount(caller.get(), account);
        var request = Fields.body(body);
        if (request.enabled() != null) {
            throw Refusal.invalid("enabled", "enabled: only on PATCH");
        }
        var types = request.checkedTypes();
        endpoints.cipher();
        return requireAccount(account)
                .chain(() -> resolver.checkForSaving(request.url()))
                .map(url -> new WebhookEndpoint("we_" + UUID.randomUUID().toString().replace("-", ""), account, url,
                        types, new WebhookSecrets.Secrets(WebhookSecrets.generate(), null, null), null, null,
                        clock.instant()))
                .call(endpoints::insert)
                .map(EndpointView::created);
    }

    @GET
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<List<EndpointView>> list(@PathParam("account") String account) {
        return listing.list(account, caller.get());
    }

    @GET
    @Path("/{endpoint}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The endpoint", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Uni<EndpointView> get(@PathParam("account") String account, @PathParam("endpoint") String id) {
        Scopes.requireWholeAccount(caller.get(), account);
        return endpoint(account, id).map(e -> EndpointView.of(e, clock.instant()));
    }

    /** Changes the URL (checked again), the types, or re-enables an endpoint a 410 disabled. */
    @PATCH
    @Path("/{endpoint}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The endpoint as changed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EndpointView.class)))
    @APIResponse(responseCode = "400", description = "A URL that may not receive webhooks, or unknown types")
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Uni<EndpointView> patch(@PathParam("account") String account, @PathParam("endpoint") String id,
            EndpointRequest body) {
        Scopes.requireWholeAccount(caller.get(), account);
        var request = Fields.body(body);
        var types = request.types() == null ? null : request.checkedTypes();
        return endpoint(account, id)
                .chain(found -> (request.url() == null ? Uni.createFrom().item(found.url())
                        : resolver.checkForSaving(request.url()))
                        .map(url -> changed(found, url, types, request.enabled())))
                .call(changed -> endpoints.update(changed).invoke(updated -> {
                    if (!updated) {
                        throw notFound(account, id);
                    }
                }))
                .map(e -> EndpointView.of(e, clock.instant()));
    }

    private WebhookEndpoint changed(WebhookEndpoint found, String url, List<String> types, Boolean enabled) {
        boolean on = enabled == null ? found.enabled() : enabled;
        var disabledAt = on ? null : found.disabledAt() != null ? found.disabledAt() : clock.instant();
        var reason = on ? null : found.disabledReason() != null ? found.disabledReason() : "disabled by an admin";
        return new WebhookEndpoint(found.id(), found.account(), url, types == null ? found.types() : types,
                found.secrets(), disabledAt, reason, found.createdAt());
    }

    @DELETE
    @Path("/{endpoint}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @ResponseStatus(204)
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Uni<Void> delete(@PathParam("account") String account, @PathParam("endpoint") String id) {
        Scopes.requireWholeAccount(caller.get(), account);
        return endpoints.delete(account, id, clock.instant())
                .invoke(deleted -> {
                    if (!deleted) {
                        throw notFound(account, id);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * A new secret, shown once; the previous one keeps signing too (a second {@code v1,} signature) for the rotation
     * window, so that receivers can switch without losing a message.
     */
    @POST
    @Path("/{endpoint}/rotate-secret")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "200", description = "The new secret", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SecretView.class)))
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Uni<SecretView> rotate(@PathParam("account") String account, @PathParam("endpoint") String id) {
        Scopes.requireWholeAccount(caller.get(), account);
        var secret = WebhookSecrets.generate();
        var until = clock.instant().plus(config.rotationWindow());
        return endpoint(account, id)
                .call(found -> endpoints.rotate(account, id, secret, found.secrets().current(), until))
                .map(found -> new SecretView(id, secret, until));
    }

    @GET
    @Path("/{endpoint}/deliveries")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @APIResponse(responseCode = "404", description = "No such endpoint")
    public Uni<List<DeliveryView>> deliveries(@PathParam("account") String account, @PathParam("endpoint") String id,
            @Context UriInfo uri) {
        Scopes.requireWholeAccount(caller.get(), account);
        int limit = limit(new StrictQuery(uri.getQueryParameters(), Set.of("limit")).raw("limit"));
        return endpoint(account, id)
                .chain(found -> deliveries.list(account, found.id(), limit))
                .map(found -> found.stream().map(DeliveryView::of).toList());
    }

    /** Makes the delivery due now (again, if it was delivered or failed); its attempts are added to its log. */
    @POST
    @Path("/{endpoint}/deliveries/{delivery}/redeliver")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @ResponseStatus(202)
    @APIResponse(responseCode = "202", description = "Due now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "404", description = "No such endpoint or delivery")
    @APIResponse(responseCode = "409", description = "The endpoint is disabled: enable it first")
    public Uni<DeliveryView> redeliver(@PathParam("account") String account, @PathParam("endpoint") String id,
            @PathParam("delivery") String delivery) {
        Scopes.requireWholeAccount(caller.get(), account);
        return endpoint(account, id)
                .invoke(found -> {
                    if (!found.enabled()) {
                        throw ProblemException.conflict("endpoint-disabled",
                                "endpoint " + id + " is disabled (" + found.disabledReason() + "): enable it first",
                                null);
                    }
                })
                .chain(() -> deliveries.redeliver(account, id, delivery, clock.instant()))
                .chain(found -> found ? deliveries.find(account, id, delivery)
                        : Uni.createFrom().failure(Refusal.notFound("no delivery " + delivery + " of " + id)))
                .map(found -> DeliveryView.of(found.orElseThrow()))
                .invoke(dispatcher::sendDue);
    }

    private static int limit(String raw) {
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.invalid("limit", "limit: from 1 to " + MAX_LIMIT);
    }

    private Uni<WebhookEndpoint> endpoint(String account, String id) {
        return endpoints.find(account, id)
                .map(found -> found.orElseThrow(() -> notFound(account, id)));
    }

    private static Refusal notFound(String account, String id) {
        return Refusal.notFound("no webhook endpoint " + id + " in " + account);
    }

    private Uni<Void> requireAccount(String account) {
        return directory.profile(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .replaceWithVoid();
    }
}
