package io.tally.pricing;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A set of rates with at most one per {@link RateKey}: the operator's default card, or an account's overrides. */
public final class RateCard {
    public static final RateCard EMPTY = new RateCard(Map.of());

    private final Map<RateKey, Rate> rates;

    private RateCard(Map<RateKey, Rate> rates) {
        this.rates = rates;
    }

    /**
     * The card of these rates.
     *
     * @throws IllegalArgumentException when two rates share a key (the HTTP edge reports which first)
     */
    public static RateCard of(Collection<Rate> rates) {
        var byKey = new HashMap<RateKey, Rate>();
        for (var rate : rates) {
            if (byKey.put(rate.key(), rate) != null) {
                throw new IllegalArgumentException("two rates for " + rate.key());
            }
        }
        return new RateCard(Map.copyOf(byKey));
    }

    public Optional<Rate> find(RateKey key) {
        return Optional.ofNullable(rates.get(key));
    }

    /** The rates in a stable order: service, direction, country ({@code *} first). */
    public List<Rate> rates() {
        return rates.values().stream().sorted((a, b) -> RateKey.ORDER.compare(a.key(), b.key())).toList();
    }

    public boolean isEmpty() {
        return rates.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RateCard card && card.rates.equals(rates);
    }

    @Override
    public int hashCode() {
        return rates.hashCode();
    }

    @Override
    public String toString() {
        return rates().toString();
    }
}
