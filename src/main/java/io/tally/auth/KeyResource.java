package io.tally.auth;

import static io.tally.auth.Role.OPERATOR;

import java.util.List;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/** Deployment keys, issued by operators: operator keys, and service keys for every account or a listed set. */
@Path("/v1/keys")
class KeyResource {
    private final ApiKeys keys;
    private final ApiKeyRepository repository;
    private final CurrentCaller caller;

    KeyResource(ApiKeys keys, ApiKeyRepository repository, CurrentCaller caller) {
        this.keys = keys;
        this.repository = repository;
        this.caller = caller;
    }

    @POST
    @Allowed(OPERATOR)
    public Uni<RestResponse<IssuedKeyView>> issue(KeyRequest body) {
        var request = Fields.body(body).toDeploymentKey();
        return repository.unknownAccounts(request.accounts())
                .invoke(unknown -> rejectUnknown(unknown, request.accounts()))
                .chain(ignored -> keys.issue(request, caller.get()))
                .map(IssuedKeyView::created);
    }

    private static void rejectUnknown(List<String> unknown, List<String> requested) {
        if (!unknown.isEmpty()) {
            throw Refusal.invalid("accounts[" + requested.indexOf(unknown.get(0)) + "]",
                    "accounts: no account " + unknown.get(0));
        }
    }
}
