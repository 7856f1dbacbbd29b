package io.tally.pricing;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A card as the admin API shows it: the same shape a PUT takes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RateCardView(List<RateView> rates, Instant updatedAt) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RateView(String service, String subType, String direction, String country, CreditAmount rate, String billing) {
        static RateView of(Rate rate) {
            var key = rate.key();
            return new RateView(key.service().name(), key.subType().orElse(null), key.direction().label(), key.country(),
                    new CreditAmount(rate.micros()), rate.billing().map(Billing::label).orElse(null));
        }
    }

    static RateCardView of(StoredCard stored) {
        return new RateCardView(stored.card().rates().stream().map(RateView::of).toList(),
                stored.updatedAt().orElse(null));
    }
}
