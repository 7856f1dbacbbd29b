package io.tally.carrier;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.jboss.resteasy.reactive.ResponseStatus;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Scopes;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/** An account's carrier connections: the credentials carriers' webhooks are verified with, and their URLs. */
@Path("/v1/accounts/{account}/carrier-connections")
class ConnectionResource {
    private final ConnectionRepository connections;
    private final AccountDirectory directory;
    private final CarrierDirectory carrierDirectory;
    private final CurrentCaller caller;
    private final Clock clock;
    private final CarrierConfig config;

    ConnectionResource(ConnectionRepository connections, AccountDirectory directory, CarrierDirectory carrierDirectory,
            CurrentCaller caller, Clock clock,
            CarrierConfig config) {
        this.connections = connections;
        this.directory = directory;
        this.carrierDirectory = carrierDirectory;
        this.caller = caller;
        this.clock = clock;
        this.config = config;
    }

    @POST
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @ResponseStatus(201)
    public Uni<ConnectionView> create(@PathParam("account") String account, ConnectionRequest body) {
        Scopes.requireWholeAccount(caller.get(), account);
        publicUrl();
        var credentials = Fields.body(body).credentials();
        var connection = new Connection("cc-" + UUID.randomUUID().toString().replace("-", ""), account,
                credentials.carrier(), credentials, clock.instant());
        return requireAccount(account)
                .chain(() -> connections.insert(connection))
                .chain(() -> carrierDirectory.connectionChanged(connection.id()))
                .map(done -> ConnectionView.of(connection, publicUrl()));
    }

    @GET
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<List<ConnectionView>> list(@PathParam("account") String account) {
        Scopes.requireWholeAccount(caller.get(), account);
        return requireAccount(account)
                .chain(() -> connections.list(account))
                .map(found -> found.stream().map(c -> ConnectionView.of(c, publicUrl())).toList());
    }

    @GET
    @Path("/{connection}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<ConnectionView> get(@PathParam("account") String account, @PathParam("connection") String id) {
        Scopes.requireWholeAccount(caller.get(), account);
        return connections.find(id)
                .map(found -> found.filter(c -> c.account().equals(account))
                        .map(c -> ConnectionView.of(c, publicUrl()))
                        .orElseThrow(() -> notFound(account, id)));
    }

    /** Deletes the connection: its URLs answer 404 from now on. */
    @DELETE
    @Path("/{connection}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    @ResponseStatus(204)
    public Uni<Void> delete(@PathParam("account") String account, @PathParam("connection") String id) {
        Scopes.requireWholeAccount(caller.get(), account);
        return connections.delete(account, id, clock.instant())
                .invoke(deleted -> {
                    if (!deleted) {
                        throw notFound(account, id);
                    }
                })
                .chain(() -> carrierDirectory.connectionChanged(id));
    }

    private String publicUrl() {
        return CarrierConfig.require(config.publicUrl(), "TALLY_PUBLIC_URL");
    }

    private static Refusal notFound(String account, String id) {
        return Refusal.notFound("no carrier connection " + id + " in " + account);
    }

    private Uni<Void> requireAccount(String account) {
        return directory.profile(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .replaceWithVoid();
    }
}
