package io.tally.pricing;

import java.util.Objects;
import java.util.Optional;

/**
 * The rates that apply to one account at one moment: the default card, the account's overrides and the service
 * catalogue they price. Immutable: a cached snapshot that pricing reads without I/O.
 */
public record PriceList(RateCard defaults, RateCard overrides, Catalogue services) {
    public PriceList {
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(services, "services");
    }

    /** The rates of these cards over the built-in services alone. */
    public PriceList(RateCard defaults, RateCard overrides) {
        this(defaults, overrides, Catalogue.DEFAULT);
    }

    /** Prices a use without a sub-type; no rate when the catalogue has no such service. */
    public Quote price(ServiceName service, Direction direction, String country, long quantity) {
        return services.find(service)
                .map(definition -> price(definition, Optional.empty(), direction, country, quantity))
                .orElseGet(() -> new Quote.NoRate(new RateKey(service, direction, country)));
    }

    /** @param subType one of the service's sub-types, or empty */
    public Quote price(ServiceDefinition service, Optional<String> subType, Direction direction, String country,
            long quantity) {
        return Pricing.price(defaults, overrides, service, subType, direction, country, quantity);
    }
}
