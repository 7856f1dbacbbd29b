package io.tally.fee;

import java.time.Instant;

/**
 * A period of a fee, charged: {@code quantity} units for {@code amount} micro-credits in all, by the metered use of
 * {@code idempotencyKey}; {@code debtIncurred} what the lots could not pay.
 */
public record FeeCharge(Instant periodStart, Instant periodEnd, long quantity, long amount, String idempotencyKey,
        long debtIncurred, Instant chargedAt) {
}
