package io.tally.payment;

import io.smallrye.mutiny.Uni;

/**
 * The payment provider port: charges a payment method, at most once per idempotency key. A failed {@code Uni}
 * means the same as {@link PaymentResult.Unknown}.
 */
public interface PaymentProvider {
    /** How the payment is recorded: {@code invoice} or {@code http}. */
    String name();

    Uni<PaymentResult> charge(PaymentRequest request);
}
