package io.tally.ledger;

import java.time.Instant;

/** What a {@link Settle} did. */
public sealed interface SettleOutcome {
    /** Settled now, or ({@code repeated = true}) the first settle's outcome again, whatever this one asked. */
    record Settled(String reservationId, HoldState state, long committed, long released, boolean repeated)
            implements
                SettleOutcome {
    }

    /** No such hold (never reserved, malformed id, or settled longer ago than the idempotency TTL). */
    record Unknown() implements SettleOutcome {
    }

    /** A commit's final amount was negative or above the reserved amount. Nothing written. */
    record InvalidFinalAmount(long reserved) implements SettleOutcome {
    }

    /** An EXPIRE before the hold's deadline. Nothing written. */
    record NotDue(Instant deadline) implements SettleOutcome {
    }
}
