package io.tally.ledger;

/** The life of a hold: held until settled exactly once. */
public enum HoldState {
    HELD,
    COMMITTED,
    RELEASED,
    EXPIRED_COMMITTED,
    EXPIRED_RELEASED
}
