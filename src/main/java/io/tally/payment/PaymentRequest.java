package io.tally.payment;

/**
 * One charge at the payment provider. {@code idempotencyKey} is the payment's id: the provider charges it at most
 * once, however often it is sent. {@code amountMinor} is in the currency's minor units.
 */
public record PaymentRequest(String idempotencyKey, String account, long amountMinor, String currency,
        String paymentMethod, String description) {
}
