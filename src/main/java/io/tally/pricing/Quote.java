package io.tally.pricing;

import java.util.Optional;

/** The outcome of pricing a use: a {@link Price}, or why there is none. Expected outcomes, never exceptions. */
public sealed interface Quote {
    /** The price, when there is one. */
    default Optional<Price> price() {
        return Optional.empty();
    }

    /** Why there is no price, in a sentence for people; empty when priced. */
    default Optional<String> refusal() {
        return Optional.empty();
    }

    record Priced(Price value) implements Quote {
        @Override
        public Optional<Price> price() {
            return Optional.of(value);
        }
    }

    /** Neither the account's overrides nor the default card have a row for the country or for {@code *}. */
    record NoRate(RateKey key) implements Quote {
        @Override
        public Optional<String> refusal() {
            return Optional.of("no rate for " + key.service() + key.subType().map(t -> " " + t).orElse("") + " "
                    + key.direction().label() + " to " + key.country());
        }
    }

    /** The cost would exceed {@link Credits#MAX_MICROS} (or a {@code long}): refused rather than wrapped. */
    record TooLarge(RateKey key, long quantity) implements Quote {
        @Override
        public Optional<String> refusal() {
            return Optional.of("the cost of " + quantity + " x " + key.service() + " exceeds 1000000000 credits");
        }
    }
}
