package io.tally.payment;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.platform.Labels;
import io.tally.pricing.Credits;

/**
 * A package as an account sees it: its price, credits, lot kind and validity, and per destination country the rate of
 * a one-segment outbound SMS for this account and how many such messages the package buys ({@code messages} absent:
 * the rate is 0, any number).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OfferView(String id, String name, long price, String currency, BigDecimal credits, String kind,
        String validity, List<String> services, List<CountryView> messagesPerCountry) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CountryView(String country, BigDecimal rate, String card, Long messages) {
    }

    public record ListView(List<OfferView> items) {
    }

    static OfferView of(CreditPackage pkg, List<PackageOffers.CountryOffer> offers) {
        return new OfferView(pkg.id(), pkg.name(), pkg.priceMinor(), pkg.currency(), Credits.decimal(pkg.credits()),
                Labels.of(pkg.kind()), pkg.validity().map(Object::toString).orElse(null), PackageView.services(pkg),
                offers.stream().map(o -> new CountryView(o.country(), Credits.decimal(o.rateMicros()), o.card(),
                        o.messages().isPresent() ? o.messages().getAsLong() : null)).toList());
    }
}
