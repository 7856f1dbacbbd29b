package io.tally.pricing;

import java.util.Objects;

/**
 * The rates that apply to one account at one moment: the default card and the account's overrides. Immutable:
 * a cached snapshot that pricing reads without I/O.
 */
public record PriceList(RateCard defaults, RateCard overrides) {
    public PriceList {
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(overrides, "overrides");
    }

    public Quote price(ServiceName service, Direction direction, String country, long quantity) {
        return Pricing.price(defaults, overrides, service, direction, country, quantity);
    }
}
