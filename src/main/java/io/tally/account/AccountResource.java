package io.tally.account;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

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

@Path("/v1/accounts")
class AccountResource {
    private final AccountRepository accounts;
    private final AccountDirectory directory;
    private final CurrentCaller caller;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    AccountResource(AccountRepository accounts, AccountDirectory directory, CurrentCaller caller, Clock clock) {
        this.accounts = accounts;
        this.directory = directory;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Allowed(OPERATOR)
    public Uni<RestResponse<AccountView>> create(AccountRequest body) {
        var account = Fields.body(body).toNewAccount(newId(), clock.instant());
        return accounts.insert(account)
                .call(inserted -> directory.changed(account.id()))
                .map(inserted -> {
                    if (!inserted) {
                        throw ProblemException.conflict("account-exists", "an account " + account.id() + " exists",
                                "id");
                    }
                    return RestResponse.ResponseBuilder.<AccountView> created(URI.create("/v1/accounts/" + account.id()))
                            .entity(AccountView.of(account))
                            .build();
                });
    }

    @GET
    @Path("/{account}")
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<AccountView> get(@PathParam("account") String id) {
        Scopes.requireAccount(caller.get(), id);
        return find(id).map(AccountView::of);
    }

    /** Company admins change their own account's settings; its billing terms ({@code ledger}) only operators. */
    @PATCH
    @Path("/{account}")
    @Allowed({ OPERATOR, COMPANY_ADMIN })
    public Uni<AccountView> update(@PathParam("account") String id, AccountRequest body) {
        Scopes.requireWholeAccount(caller.get(), id);
        var request = Fields.body(body);
        var term = request.billingTerm();
        if (term.isPresent() && caller.get().role() != OPERATOR) {
            throw ProblemException.forbidden(term.get(), term.get() + ": only operators set billing terms");
        }
        return find(id)
                .map(request::applyTo)
                .call(accounts::update)
                .call(account -> directory.changed(account.id()))
                .map(AccountView::of);
    }

    private Uni<Account> find(String id) {
        return accounts.find(id)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + id)));
    }

    private String newId() {
        var bytes = new byte[8];
        random.nextBytes(bytes);
        return "acc_" + HexFormat.of().formatHex(bytes);
    }
}
