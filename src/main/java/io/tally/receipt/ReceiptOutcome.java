package io.tally.receipt;

import io.tally.ledger.SettleOutcome;

/**
 * What applying a receipt did. Every outcome is recorded in Redis before it is answered, so a carrier may be told
 * 2xx for each; a failure of the {@code Uni} instead means nothing is known to be recorded (answer 5xx: the carrier
 * retries, and the retry is idempotent).
 */
public sealed interface ReceiptOutcome {
    /** No reservation is known for the message yet: the receipt is parked and applies when the dispatch comes. */
    record Parked() implements ReceiptOutcome {
    }

    /** Recorded against {@code reservation}; the message's outcome waits for other parts or a deciding status. */
    record Recorded(String reservation) implements ReceiptOutcome {
    }

    /**
     * The message's outcome is decided and its hold settled: by this receipt, or ({@code settle} repeated) earlier,
     * by another receipt of the message, the pipeline or the sweeper.
     */
    record Settled(String reservation, SettleOutcome settle) implements ReceiptOutcome {
    }
}
