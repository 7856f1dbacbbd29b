package io.tally.ledger;

/** Which check refused a movement. */
public enum Limit {
    /** The pool (or allocation plus pool) or the usable lots cannot pay. */
    BALANCE,
    /** An allocated sub-account without pool fallback has too small an allocation. */
    ALLOCATION,
    /** The sub-account's monthly spending limit (spend including holds) would be exceeded. */
    SPENDING_LIMIT,
    /** The account's spending limit for the period (spend including holds) would be exceeded. */
    ACCOUNT_SPENDING_LIMIT
}
