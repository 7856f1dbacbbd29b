package io.tally.payment;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An account's auto-recharge: when its available credits fall below {@code threshold}, buy {@code amount} credits,
 * or as many as bring it up to {@code target} (exactly one of the two), charged to {@code paymentMethod} (an opaque
 * reference at the payment provider, not the account's primary method); at most {@code maxPerMonth} credits a month
 * in the account's time zone. Amounts in micro-credits.
 */
public record AutoRecharge(String account, boolean enabled, long threshold, OptionalLong amount, OptionalLong target,
        String paymentMethod, OptionalLong maxPerMonth) {

    public AutoRecharge {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
        if (threshold <= 0 || amount.isPresent() == target.isPresent()) {
            throw new IllegalArgumentException("a threshold, and an amount or a target");
        }
    }

    /** The threshold the ledger scripts compare with, when auto-recharge is on. */
    public OptionalLong trigger() {
        return enabled ? OptionalLong.of(threshold) : OptionalLong.empty();
    }

    /**
     * The credits to buy when {@code available} credits are left and {@code rechargedThisMonth} were recharged this
     * month: the fixed amount or what reaches the target, cut to what the monthly cap leaves; 0 when nothing is due.
     */
    public long credits(long available, long rechargedThisMonth) {
        long wanted = amount.isPresent() ? amount.getAsLong() : Math.max(target.getAsLong() - available, 0);
        if (maxPerMonth.isPresent()) {
            wanted = Math.min(wanted, Math.max(maxPerMonth.getAsLong() - rechargedThisMonth, 0));
        }
        return wanted;
    }
}
