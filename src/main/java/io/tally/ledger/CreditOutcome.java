package io.tally.ledger;

/** What a {@link Grant} or {@link Allocate} did. */
public sealed interface CreditOutcome {
    /**
     * Done: the pool and the sub-account's allocation after (0 for a grant), and the debt a grant paid (0 for an
     * allocation).
     */
    record Credited(long pool, long allocation, long debtPaid, boolean replayed) implements CreditOutcome {
    }

    /**
     * Refused: {@code BALANCE} when allocating more than the pool, {@code ALLOCATION} when giving back more than the
     * allocation; {@code available} is that pool or allocation (0 when negative). Nothing written.
     */
    record Insufficient(Limit limit, long available) implements CreditOutcome {
    }

    /** The idempotency key was used with another body, or (grant) the lot id exists. Nothing written. */
    record Conflict() implements CreditOutcome {
    }
}
