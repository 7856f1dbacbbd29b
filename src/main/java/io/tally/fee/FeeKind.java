package io.tally.fee;

/**
 * What a recurring fee is for: rental of the account's numbers (per number in the carrier number directory, or a
 * count), a subscription, or any other named fee. The kind names it; the amount and the service price it.
 */
public enum FeeKind {
    NUMBER_RENTAL,
    SUBSCRIPTION,
    OTHER
}
