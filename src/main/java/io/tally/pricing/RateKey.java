package io.tally.pricing;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * What a rate applies to: a service, a direction, a destination country (ISO 3166-1 alpha-2, as
 * {@link Destination} finds it) or {@link #EVERY_COUNTRY}, and optionally one of the service's sub-types (a row
 * without one applies to every use the sub-type rows do not price).
 */
public record RateKey(ServiceName service, Direction direction, String country, Optional<String> subType) {
    /** The country of a card's fallback row: it applies where the card has no row for the country itself. */
    public static final String EVERY_COUNTRY = "*";

    static final Comparator<RateKey> ORDER = Comparator
            .comparing((RateKey k) -> builtInRank(k.service))
            .thenComparing(k -> k.service.name())
            .thenComparing(RateKey::direction)
            .thenComparing(k -> k.subType.orElse(""))
            .thenComparing(RateKey::country);

    public RateKey {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(direction, "direction");
        if (!isCountry(country)) {
            throw new IllegalArgumentException("not an alpha-2 country or *: " + country);
        }
        if (!subType.map(ServiceDefinition::isSubType).orElse(true)) {
            throw new IllegalArgumentException("not a sub-type: " + subType.get());
        }
    }

    /** A row without a sub-type. */
    public RateKey(ServiceName service, Direction direction, String country) {
        this(service, direction, country, Optional.empty());
    }

    /** {@code *}, or two letters A-Z. */
    public static boolean isCountry(String country) {
        return EVERY_COUNTRY.equals(country)
                || country != null && country.length() == 2 && upper(country.charAt(0)) && upper(country.charAt(1));
    }

    RateKey withCountry(String other) {
        return new RateKey(service, direction, other, subType);
    }

    RateKey withSubType(Optional<String> other) {
        return new RateKey(service, direction, country, other);
    }

    private static int builtInRank(ServiceName service) {
        int rank = ServiceName.BUILT_IN.indexOf(service);
        return rank < 0 ? ServiceName.BUILT_IN.size() : rank;
    }

    private static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    @Override
    public String toString() {
        return service + subType.map(t -> " " + t).orElse("") + " " + direction.label() + " " + country;
    }
}
