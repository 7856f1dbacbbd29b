package io.tally.pricing;

import java.util.Comparator;
import java.util.Objects;

/**
 * What a rate applies to: a service, a direction, and a destination country (ISO 3166-1 alpha-2, as
 * {@link Destination} finds it) or {@link #EVERY_COUNTRY}.
 */
public record RateKey(ServiceName service, Direction direction, String country) {
    /** The country of a card's fallback row: it applies where the card has no row for the country itself. */
    public static final String EVERY_COUNTRY = "*";

    static final Comparator<RateKey> ORDER = Comparator
            .comparing((RateKey k) -> ServiceName.NAMES.indexOf(k.service.name()))
            .thenComparing(RateKey::direction)
            .thenComparing(RateKey::country);

    public RateKey {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(direction, "direction");
        if (!isCountry(country)) {
            throw new IllegalArgumentException("not an alpha-2 country or *: " + country);
        }
    }

    /** {@code *}, or two letters A-Z. */
    public static boolean isCountry(String country) {
        return EVERY_COUNTRY.equals(country)
                || country != null && country.length() == 2 && upper(country.charAt(0)) && upper(country.charAt(1));
    }

    RateKey withCountry(String other) {
        return new RateKey(service, direction, other);
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    @Override
    public String toString() {
        return service + " " + direction.label() + " " + country;
    }
}
