package io.tally.ledger;

/** What an {@link Adjust} or a {@link VoidLot} did. */
public sealed interface AdjustOutcome {
    /**
     * Done: {@code amount} credits moved (credited, debited, or voided: the lot's credits left, maybe 0), the pool and
     * the sub-account's allocation after (0 without a sub-account), and the debt a credit paid.
     */
    record Adjusted(long amount, long pool, long allocation, long debtPaid, boolean replayed) implements AdjustOutcome {
    }

    /**
     * A debit refused: {@code BALANCE} when the pool or the lots cannot pay it, {@code ALLOCATION} when the
     * sub-account's allocation cannot; {@code available} is what could be debited. Nothing written.
     */
    record Insufficient(Limit limit, long available) implements AdjustOutcome {
    }

    /** The idempotency key was used with another body, or (credit) the lot id exists. Nothing written. */
    record Conflict() implements AdjustOutcome {
    }

    /** (void) The account has no such lot. Nothing written. */
    record Unknown() implements AdjustOutcome {
    }
}
