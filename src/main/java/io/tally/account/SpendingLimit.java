package io.tally.account;

import java.util.Objects;

import io.tally.ledger.LimitPeriod;

/**
 * The account's own spending limit (docs/ledger.md "Spending limits"): {@code amount} micro-credits per
 * {@code period} in the account's time zone, reservations and their holds refused past it, metered use counted.
 */
public record SpendingLimit(long amount, LimitPeriod period) {
    public SpendingLimit {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative: " + amount);
        }
        Objects.requireNonNull(period, "period");
    }
}
