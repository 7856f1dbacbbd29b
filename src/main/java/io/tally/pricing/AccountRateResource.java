package io.tally.pricing;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.auth.CurrentCaller;
import io.tally.auth.Scopes;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * An account's rate overrides, which come before the default card (country {@code *} meaning every country).
 * Operators replace them; whoever reaches the account reads them.
 */
@Path("/v1/accounts/{account}/rates")
class AccountRateResource {
    private final RateCards cards;
    private final ServiceCatalogue catalogue;
    private final CurrentCaller caller;

    AccountRateResource(RateCards cards, ServiceCatalogue catalogue, CurrentCaller caller) {
        this.cards = cards;
        this.catalogue = catalogue;
        this.caller = caller;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<RateCardView> get(@PathParam("account") String account) {
        Scopes.requireAccount(caller.get(), account);
        return cards.stored(Optional.of(account))
                .map(stored -> RateCardView.of(stored.orElseThrow(() -> noAccount(account))));
    }

    @PUT
    @Allowed(OPERATOR)
    public Uni<RateCardView> replace(@PathParam("account") String account, RatesRequest body) {
        var request = Fields.body(body);
        return catalogue.current()
                .map(request::toCard)
                .chain(card -> cards.replace(Optional.of(account), card))
                .map(stored -> RateCardView.of(stored.orElseThrow(() -> noAccount(account))));
    }

    private static Refusal noAccount(String account) {
        return Refusal.notFound("no account " + account);
    }
}
