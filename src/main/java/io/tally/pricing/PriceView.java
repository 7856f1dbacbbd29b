package io.tally.pricing;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A price as responses show it: amounts are credits as exact decimals (JSON numbers with at most 6 decimals).
 *
 * @param units what was charged for: segments, messages, pages, sessions, or for timed services billed seconds
 * @param rate credits per unit (per minute for timed services)
 * @param card {@code account} (the account's overrides) or {@code default} (the default card)
 * @param rateCountry the matched row's country: the destination's, or {@code *}
 * @param rateSubType the matched row's sub-type; absent for a row without one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PriceView(String service, String direction, String country, long units, CreditAmount rate,
        CreditAmount cost, String card, String rateCountry, String billing, String rateSubType) {

    public static PriceView of(Price price) {
        return new PriceView(price.service().name(), price.direction().label(), price.country(), price.billed(),
                new CreditAmount(price.rateMicros()), new CreditAmount(price.costMicros()), price.card().label(),
                price.rateCountry(), price.billing().map(Billing::label).orElse(null),
                price.rateSubType().orElse(null));
    }
}
