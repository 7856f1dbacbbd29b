package io.tally.ledger;

import java.util.Objects;

/** An amount of micro-credits taken from one lot. */
public record Charge(String lotId, long amount) {
    public Charge {
        Objects.requireNonNull(lotId, "lotId");
    }
}
