package io.tally.payment;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

import io.tally.ledger.Service;
import io.tally.pricing.Direction;
import io.tally.pricing.Price;
import io.tally.pricing.PriceList;
import io.tally.pricing.Quote;
import io.tally.pricing.Rate;
import io.tally.pricing.RateCard;
import io.tally.pricing.RateKey;
import io.tally.pricing.ServiceName;

/**
 * What a package buys an account, per destination country: its credits divided by the account's effective rate of a
 * one-segment outbound SMS to that country (the account's overrides first, then the default card, as pricing finds
 * it), rounded down. Countries are those named by an outbound SMS row of either card, in code order, then {@code *}
 * (every other country) when a card has a row for it. A free rate buys any number (no figure).
 */
public final class PackageOffers {
    private PackageOffers() {
    }

    /** The rate and messages for one destination; {@code messages} is empty when the rate is 0. */
    public record CountryOffer(String country, long rateMicros, String card, OptionalLong messages) {
    }

    public static List<CountryOffer> messages(CreditPackage pkg, PriceList prices) {
        if (!pkg.services().isEmpty() && !pkg.services().contains(Service.SMS)) {
            return List.of();
        }
        var countries = new TreeSet<String>();
        boolean everyCountry = false;
        for (var card : List.of(prices.defaults(), prices.overrides())) {
            for (var key : smsKeys(card)) {
                if (key.country().equals(RateKey.EVERY_COUNTRY)) {
                    everyCountry = true;
                } else {
                    countries.add(key.country());
                }
            }
        }
        var offers = new ArrayList<CountryOffer>();
        for (var country : countries) {
            if (prices.price(ServiceName.SMS, Direction.OUTBOUND, country, 1) instanceof Quote.Priced priced) {
                var price = priced.value();
                offers.add(offer(pkg, country, price.costMicros(), price.card().label()));
            }
        }
        if (everyCountry) {
            // every other country: the account's * row, else the default card's (pricing's order for a country
            // without a row of its own)
            var key = new RateKey(ServiceName.SMS, Direction.OUTBOUND, RateKey.EVERY_COUNTRY);
            var own = prices.overrides().find(key);
            var rate = own.or(() -> prices.defaults().find(key)).orElseThrow();
            offers.add(offer(pkg, RateKey.EVERY_COUNTRY, rate.micros(),
                    (own.isPresent() ? Price.Card.ACCOUNT : Price.Card.DEFAULT).label()));
        }
        return List.copyOf(offers);
    }

    private static CountryOffer offer(CreditPackage pkg, String country, long rate, String card) {
        return new CountryOffer(country, rate, card,
                rate == 0 ? OptionalLong.empty() : OptionalLong.of(pkg.credits() / rate));
    }

    private static List<RateKey> smsKeys(RateCard card) {
        return card.rates().stream()
                .map(Rate::key)
                .filter(key -> key.service().equals(ServiceName.SMS) && key.direction() == Direction.OUTBOUND)
                .toList();
    }
}
