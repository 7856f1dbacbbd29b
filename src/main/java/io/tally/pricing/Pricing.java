package io.tally.pricing;

import java.util.Optional;

/**
 * Prices a use from the operator's default card and an account's overrides. The first row found wins, in this
 * order: the account's row for the country, the account's {@code *} row, the default card's row for the country,
 * the default card's {@code *} row.
 */
public final class Pricing {
    private static final long SECONDS_PER_MINUTE = 60;

    private Pricing() {
    }

    /**
     * @param country the destination's ISO 3166-1 alpha-2 country
     * @param quantity segments (SMS), messages (MMS), pages (FAX), sessions (AI_AGENT), or the call's seconds (VOICE);
     *        not negative
     */
    public static Quote price(RateCard defaults, RateCard overrides, ServiceName service, Direction direction,
            String country, long quantity) {
        if (quantity < 0) {
            throw new IllegalArgumentException("negative quantity: " + quantity);
        }
        var key = new RateKey(service, direction, country);
        if (RateKey.EVERY_COUNTRY.equals(country)) {
            throw new IllegalArgumentException("price a destination country, not *");
        }
        return match(overrides, key, Price.Card.ACCOUNT)
                .or(() -> match(defaults, key, Price.Card.DEFAULT))
                .map(matched -> cost(matched, key, quantity))
                .orElseGet(() -> new Quote.NoRate(key));
    }

    private record Matched(Rate rate, Price.Card card) {
    }

    private static Optional<Matched> match(RateCard card, RateKey key, Price.Card which) {
        return card.find(key)
                .or(() -> card.find(key.withCountry(RateKey.EVERY_COUNTRY)))
                .map(rate -> new Matched(rate, which));
    }

    private static Quote cost(Matched matched, RateKey key, long quantity) {
        var rate = matched.rate();
        long billed;
        long cost;
        try {
            if (rate.billing().isPresent()) {
                billed = rate.billing().get().billedSeconds(quantity);
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
                rate.micros(), cost, matched.card(), rate.key().country(), rate.billing()));
    }

    private static long ceilDiv(long dividend, long divisor) {
        return dividend / divisor + (dividend % divisor == 0 ? 0 : 1);
    }
}
