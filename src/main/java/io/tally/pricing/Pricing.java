package io.tally.pricing;

import java.util.Optional;

/**
 * Prices a use from the operator's default card and an account's overrides. The first row found wins, in this
 * order: for the use's sub-type (when it names one), then for no sub-type, each time the account's row for the
 * country, the account's {@code *} row, the default card's row for the country, the default card's {@code *} row.
 * So a sub-type's row on the default card beats an account's row without a sub-type: a sub-type is a product of its
 * own (a toll-free minute is not a local one), while {@code *} is only a fallback over countries.
 */
public final class Pricing {
    private static final long SECONDS_PER_MINUTE = 60;

    private Pricing() {
    }

    /**
     * Prices a use of a built-in service without a sub-type.
     *
     * @throws IllegalArgumentException when the service is not built in
     */
    public static Quote price(RateCard defaults, RateCard overrides, ServiceName service, Direction direction,
            String country, long quantity) {
        var definition = Catalogue.DEFAULT.find(service)
                .orElseThrow(() -> new IllegalArgumentException("not a built-in service: " + service));
        return price(defaults, overrides, definition, Optional.empty(), direction, country, quantity);
    }

    /**
     * @param subType one of the service's sub-types, or empty
     * @param country the destination's ISO 3166-1 alpha-2 country, or {@code *} for a use without one (an AI
     *        session): only {@code *} rows price it
     * @param quantity in the service's unit ({@link ServiceDefinition#unit()}), or for a timed service the use's
     *        seconds; not negative
     */
    public static Quote price(RateCard defaults, RateCard overrides, ServiceDefinition service,
            Optional<String> subType, Direction direction, String country, long quantity) {
        if (quantity < 0) {
            throw new IllegalArgumentException("negative quantity: " + quantity);
        }
        if (subType.isPresent() && !service.hasSubType(subType.get())) {
            throw new IllegalArgumentException("no sub-type " + subType.get() + " of " + service.id());
        }
        var key = new RateKey(service.id(), direction, country, subType);
        var generic = key.withSubType(Optional.empty());
        return match(overrides, key, Price.Card.ACCOUNT)
                .or(() -> match(defaults, key, Price.Card.DEFAULT))
                .or(() -> subType.isEmpty() ? Optional.empty() : match(overrides, generic, Price.Card.ACCOUNT))
                .or(() -> subType.isEmpty() ? Optional.empty() : match(defaults, generic, Price.Card.DEFAULT))
                .map(matched -> cost(matched, service, key, quantity))
                .orElseGet(() -> new Quote.NoRate(key));
    }

    private record Matched(Rate rate, Price.Card card) {
    }

    private static Optional<Matched> match(RateCard card, RateKey key, Price.Card which) {
        return card.find(key)
                .or(() -> card.find(key.withCountry(RateKey.EVERY_COUNTRY)))
                .map(rate -> new Matched(rate, which));
    }

    private static Quote cost(Matched matched, ServiceDefinition service, RateKey key, long quantity) {
        var rate = matched.rate();
        var billing = service.billing(rate);
        long billed;
        long cost;
        try {
            if (billing.isPresent()) {
                billed = billing.get().billedSeconds(quantity);
                cost = ceilDiv(Math.multiplyExact(billed, rate.micros()), SECONDS_PER_MINUTE);
            } else {
                billed = quantity;
                cost = Math.multiplyExact(billed, rate.micros());
            }
        } catch (ArithmeticException overflow) {
            return new Quote.TooLarge(key, quantity);
        }
        if (cost > Credits.MAX_MICROS) {
            return new Quote.TooLarge(key, quantity);
        }
        return new Quote.Priced(new Price(key.service(), key.direction(), key.country(), quantity, billed,
                rate.micros(), cost, matched.card(), rate.key().country(), billing, rate.key().subType()));
    }

    private static long ceilDiv(long dividend, long divisor) {
        return dividend / divisor + (dividend % divisor == 0 ? 0 : 1);
    }
}
