package io.tally.ledger;

/** How lots of equal priority are ordered by expiry before the oldest-first tie-break. */
public enum ExpiryOrder {
    /** Expiring lots first, soonest expiry first, then the non-expiring ones. */
    SOONEST_EXPIRY_FIRST,
    /** Non-expiring lots first, then the expiring ones, soonest expiry first. */
    NON_EXPIRING_FIRST
}
