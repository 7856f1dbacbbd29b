package io.tally.pricing;

import java.util.Locale;
import java.util.Optional;

/** Which way a message or call goes, seen from the account: sent by it, or received by it. */
public enum Direction {
    OUTBOUND,
    INBOUND;

    /** The API form: {@code outbound}, {@code inbound}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Direction> parse(String label) {
        for (var direction : values()) {
            if (direction.label().equals(label)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }
}
