package io.tally.ledger;

/** What a lot of credits was granted as; the default burn order ranks lots by it (see {@link BurnPolicy}). */
public enum LotKind {
    PLAN_ALLOWANCE,
    COMMITMENT,
    SUBSCRIPTION,
    PACKAGE,
    UNIVERSAL,
    AUTO_RECHARGE,
    PROMOTIONAL
}
