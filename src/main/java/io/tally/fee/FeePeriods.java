package io.tally.fee;

import java.time.Instant;
import java.util.Optional;

import io.tally.ledger.BillingCycle;
import io.tally.ledger.Fingerprint;
import io.tally.ledger.LedgerKeys;

/**
 * When a fee is charged and what makes each charge happen once (docs/ledger.md "Recurring fees"). A fee's periods are
 * the steps of its months from the account's billing anchor, in the account's zone ({@link BillingCycle}); a period is
 * charged once it has started, in advance, by a metered use whose idempotency key and fingerprint are those of the fee
 * and the period's start, so every replica that charges the same period makes the same use and the ledger keeps one.
 */
public final class FeePeriods {
    private FeePeriods() {
    }

    /** One period of a fee: {@code [start, end)}. */
    public record Period(Instant start, Instant end) {
    }

    /** The start of the first period at or after {@code from}. */
    public static Instant first(BillingCycle cycle, int months, Instant from) {
        return cycle.nextBoundary(from.minusMillis(1), months);
    }

    /** The period that starts at {@code start} (a boundary), ending at the next boundary of the cycle as it is now. */
    public static Period startingAt(BillingCycle cycle, int months, Instant start) {
        return new Period(start, cycle.nextBoundary(start, months));
    }

    /** Whether the period starting at {@code start} is to be charged at {@code now}: started, and before the end. */
    public static boolean due(Instant start, Optional<Instant> endsAt, Instant now) {
        return !start.isAfter(now) && endsAt.map(start::isBefore).orElse(true);
    }

    /**
     * The next period start after a change of the fee's terms: the first at or after {@code startsAt} and after every
     * period already charged ({@code chargedUntil}, the end of the last one), so no period is charged twice.
     */
    public static Instant resume(BillingCycle cycle, int months, Instant startsAt, Optional<Instant> chargedUntil) {
        var from = chargedUntil.filter(startsAt::isBefore).orElse(startsAt);
        return first(cycle, months, from);
    }

    /**
     * The idempotency key of the charge of {@code fee} for the period starting at {@code start}: {@code #} is not a
     * character of the keys callers send, so no use of theirs can take it.
     */
    public static String idempotencyKey(String fee, Instant start) {
        return "fee#" + fee + "#" + start.toEpochMilli();
    }

    /** The fingerprint of that charge: the same for every replica charging it, whatever the amount it computed. */
    public static String fingerprint(String account, String fee, Instant start) {
        return Fingerprint.of("fee", account, fee, start.toEpochMilli());
    }

    /** What a period costs: the amount per unit times the units, at most {@link LedgerKeys#MAX_AMOUNT}. */
    public static long cost(long amount, long units) {
        long cost;
        try {
            cost = Math.multiplyExact(amount, units);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a fee of " + amount + " for " + units + " units overflows", e);
        }
        if (cost > LedgerKeys.MAX_AMOUNT) {
            throw new IllegalArgumentException("a fee of " + cost + " micro-credits is more than one use may cost");
        }
        return cost;
    }
}
