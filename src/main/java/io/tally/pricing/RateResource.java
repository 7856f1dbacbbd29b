package io.tally.pricing;

import static io.tally.auth.Role.COMPANY_ADMIN;
import static io.tally.auth.Role.OFFICE_ADMIN;
import static io.tally.auth.Role.OPERATOR;
import static io.tally.auth.Role.SERVICE;

import java.util.Optional;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;

import io.smallrye.mutiny.Uni;
import io.tally.auth.Allowed;
import io.tally.platform.Fields;

/** The operator's default rate card: every caller may read it, operators replace it. */
@Path("/v1/rates")
class RateResource {
    private final RateCards cards;
    private final ServiceCatalogue catalogue;

    RateResource(RateCards cards, ServiceCatalogue catalogue) {
        this.cards = cards;
        this.catalogue = catalogue;
    }

    @GET
    @Allowed({ OPERATOR, SERVICE, COMPANY_ADMIN, OFFICE_ADMIN })
    public Uni<RateCardView> get() {
        return cards.stored(Optional.empty())
                .map(stored -> RateCardView.of(stored.orElseThrow()));
    }

    @PUT
    @Allowed(OPERATOR)
    public Uni<RateCardView> replace(RatesRequest body) {
        var request = Fields.body(body);
        return catalogue.current()
                .map(request::toCard)
                .chain(card -> cards.replace(Optional.empty(), card))
                .map(stored -> RateCardView.of(stored.orElseThrow()));
    }
}
