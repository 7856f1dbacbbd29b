package io.tally.ledger;

import java.util.List;

/** What a {@link Meter} did. */
public sealed interface MeterOutcome {
    /**
     * Charged: {@code charges} paid by the lots, {@code debtIncurred} the rest, {@code debt} the account's debt after,
     * {@code overLimit} when that debt exceeds the overdraft limit.
     */
    record Metered(List<Charge> charges, long debtIncurred, long debt, boolean overLimit, boolean replayed)
            implements
                MeterOutcome {
        public Metered {
            charges = List.copyOf(charges);
        }
    }

    /** The idempotency key was used with another body. Nothing written. */
    record Conflict() implements MeterOutcome {
    }
}
