package io.tally.account;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Scopes;
import io.tally.platform.Fields;
import io.tally.platform.ProblemException;
import io.tally.platform.Refusal;

/** Offices, lists and agency sub-accounts of an account. Office admins see only their own. */
@Path("/v1/accounts/{account}/sub-accounts")
class SubAccountResource {
    private final SubAccountRepository subAccounts;
    private final AccountRepository accounts;
    private final AccountDirectory directory;
    private final CurrentCaller caller;
    private final Clock clock;

    SubAccountResource(SubAccountRepository subAccounts, AccountRepository accounts, AccountDirectory directory,
            CurrentCaller caller, Clock clock) {
        this.subAccounts = subAccounts;
        this.accounts = accounts;
        this.directory = directory;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<RestResponse<SubAccountView>> create(@PathParam("account") String account, SubAccountRequest body) {
        requireWholeAccount(account);
        var sub = Fields.body(body).toNew(account, clock.instant());
        return requireAccount(account)
                .chain(() -> subAccounts.insert(sub))
                .call(() -> directory.changed(account))
                .map(inserted -> {
                    if (!inserted) {
                        throw ProblemException.conflict("sub-account-exists",
                                "a sub-account " + sub.id() + " exists in " + account, "id");
                    }
                    return RestResponse.ResponseBuilder.<SubAccountView> created(
                            URI.create("/v1/accounts/" + account + "/sub-accounts/" + sub.id()))
                            .entity(SubAccountView.of(sub))
                            .build();
                });
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<List<SubAccountView>> list(@PathParam("account") String account) {
        Scopes.requireAccount(caller.get(), account);
        return requireAccount(account)
                .chain(() -> subAccounts.list(account))
                .map(subs -> subs.stream()
                        .filter(sub -> caller.get().reachesSubAccount(account, sub.id()))
                        .map(SubAccountView::of)
                        .toList());
    }

    @GET
    @Path("/{sub}")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<SubAccountView> get(@PathParam("account") String account, @PathParam("sub") String id) {
        Scopes.requireSubAccount(caller.get(), account, id);
        return find(account, id).map(SubAccountView::of);
    }

    @PATCH
    @Path("/{sub}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<SubAccountView> update(@PathParam("account") String account, @PathParam("sub") String id,
            SubAccountRequest body) {
        requireWholeAccount(account);
        var request = Fields.body(body);
        return find(account, id)
                .map(request::applyTo)
                .call(subAccounts::update)
                .call(() -> directory.changed(account))
                .map(SubAccountView::of);
    }

    private Uni<SubAccount> find(String account, String id) {
        return subAccounts.find(account, id)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no sub-account " + id + " in "
                        + account)));
    }

    private Uni<Void> requireAccount(String account) {
        return accounts.find(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .replaceWithVoid();
    }

    private void requireWholeAccount(String account) {
        Scopes.requireWholeAccount(caller.get(), account);
    }
}
