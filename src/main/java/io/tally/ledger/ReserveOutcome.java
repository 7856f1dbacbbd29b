package io.tally.ledger;

import java.time.Instant;
import java.util.List;

/** What a {@link Reserve} did. */
public sealed interface ReserveOutcome {
    /**
     * Held. {@code charges} are the lots in burn order; {@code available} is what the same sub-account could still
     * reserve for the same service right after (min of budget, usable lots, limit headroom). A replay answers the
     * first reply again with {@code replayed = true}.
     */
    record Reserved(String reservationId, List<Charge> charges, long available, Instant deadline, boolean replayed)
            implements
                ReserveOutcome {
        public Reserved {
            charges = List.copyOf(charges);
        }
    }

    /** Refused by {@code limit}; {@code available} is what the sub-account could reserve now (>= 0). Nothing written. */
    record Insufficient(Limit limit, long available) implements ReserveOutcome {
    }

    /** The idempotency key was used with another body, or the reservation id exists. Nothing written. */
    record Conflict() implements ReserveOutcome {
    }
}
