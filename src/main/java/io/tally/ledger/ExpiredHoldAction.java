package io.tally.ledger;

/** What the sweeper does with a hold whose deadline has passed unsettled. */
public enum ExpiredHoldAction {
    /** Give the whole hold back, as a release would. */
    RELEASE,
    /** Charge the whole hold, as a commit of the reserved amount would. */
    COMMIT
}
