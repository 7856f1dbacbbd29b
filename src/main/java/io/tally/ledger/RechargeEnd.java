package io.tally.ledger;

/** What became of an open auto-recharge (docs/payments.md). */
public enum RechargeEnd {
    /** Paid and granted, or nothing to do: the account may open another when it next falls below its threshold. */
    DONE,
    /** An attempt failed: due again at the retry time, with the same id. */
    RETRY,
    /** Failed for good: no other recharge opens until credits arrive another way. */
    FAILED
}
