package io.tally.ledger;

/**
 * The account-wide spending limit a movement meets: {@code amount} micro-credits per period, and the label of the
 * period holding the movement's time ({@link LimitPeriod#label}), computed by the caller. A reserve is refused
 * ({@link Limit#ACCOUNT_SPENDING_LIMIT}) when the period's spend including open holds would pass the amount; a meter
 * only counts its use in the period.
 */
public record AccountLimit(long amount, String period) {
    public AccountLimit {
        LedgerKeys.requireCost(amount, "account limit");
        Months.require(period);
    }
}
