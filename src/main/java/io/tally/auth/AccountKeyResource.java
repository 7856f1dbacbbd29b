package io.tally.auth;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OPERATOR;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * An account's keys: operators issue service, company-admin and office-admin keys; a company admin issues, lists
 * and revokes office-admin keys of its own account.
 */
@Path("/v1/accounts/{account}/keys")
class AccountKeyResource {
    private final ApiKeys keys;
    private final ApiKeyRepository repository;
    private final CurrentCaller caller;

    AccountKeyResource(ApiKeys keys, ApiKeyRepository repository, CurrentCaller caller) {
        this.keys = keys;
        this.repository = repository;
        this.caller = caller;
    }

    @POST
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<RestResponse<IssuedKeyView>> issue(@PathParam("account") String account, KeyRequest body) {
        requireWholeAccount(account);
        var request = Fields.body(body).toAccountKey(account);
        if (caller.get().role() == COMPANY_ADMIN && request.role() != Role.OFFICE_ADMIN) {
            throw Refusal.outOfScope("company admins issue office-admin keys only");
        }
        return requireAccount(account)
                .chain(() -> requireSubAccounts(account, request))
                .chain(() -> keys.issue(request, caller.get()))
                .map(IssuedKeyView::created);
    }

    @GET
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<List<KeyView>> list(@PathParam("account") String account) {
        requireWholeAccount(account);
        return requireAccount(account)
                .chain(() -> keys.list(account))
                .map(list -> list.stream().map(KeyView::of).toList());
    }

    @DELETE
    @Path("/{key}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<RestResponse<Void>> revoke(@PathParam("account") String account, @PathParam("key") String keyId) {
        requireWholeAccount(account);
        return keys.find(keyId, account)
                .invoke(key -> checkRevocable(key.orElseThrow(() -> noSuchKey(keyId))))
                .chain(() -> keys.revoke(keyId, account))
                .map(revoked -> RestResponse.noContent());
    }

    private void requireWholeAccount(String account) {
        Scopes.requireWholeAccount(caller.get(), account);
    }

    private Uni<Void> requireAccount(String account) {
        return repository.unknownAccounts(List.of(account))
                .invoke(unknown -> {
                    if (!unknown.isEmpty()) {
                        throw Refusal.notFound("no account " + account);
                    }
                })
                .replaceWithVoid();
    }

    /** An office-admin key names sub-accounts that exist. */
    private Uni<Void> requireSubAccounts(String account, NewKey request) {
        if (request.role() != Role.OFFICE_ADMIN) {
            return Uni.createFrom().voidItem();
        }
        return repository.unknownSubAccounts(account, request.subAccounts())
                .invoke(unknown -> {
                    if (!unknown.isEmpty()) {
                        throw Refusal.notFound("no sub-account " + unknown.get(0) + " in " + account);
                    }
                })
                .replaceWithVoid();
    }

    private void checkRevocable(ApiKey key) {
        if (caller.get().role() == COMPANY_ADMIN && key.role() != Role.OFFICE_ADMIN) {
            throw Refusal.outOfScope("company admins revoke office-admin keys only");
        }
    }

    private static Refusal noSuchKey(String keyId) {
        return Refusal.notFound("no key " + keyId + " in this account");
    }
}
