package io.tally.payment;

/** What the payment provider answered. */
public sealed interface PaymentResult {
    /** Charged; {@code reference} is the provider's id of the payment. */
    record Succeeded(String reference) implements PaymentResult {
    }

    /** Refused (declined card, no such method): a retry with the same key gives the same answer. */
    record Declined(String reason) implements PaymentResult {
    }

    /** No answer, or one that does not settle it (timeout, 5xx, still processing): ask again with the same key. */
    record Unknown(String reason) implements PaymentResult {
    }
}
