package io.tally.payment;

import java.time.Instant;
import java.util.Optional;

/**
 * A recharge or a purchase: credits bought through the payment provider. {@code id} is the provider's idempotency
 * key and the granted lot's grant key; {@code lot} is set once the credits were granted.
 */
public record Payment(String id, String account, Optional<String> subAccount, Kind kind, Optional<String> packageId,
        long credits, long amountMinor, String currency, String paymentMethod, String provider, Status status,
        Optional<String> reference, Optional<String> lot, int attempts, Optional<String> failure, Instant createdAt) {

    public enum Kind {
        RECHARGE,
        PURCHASE
    }

    public enum Status {
        PENDING,
        SUCCEEDED,
        FAILED
    }
}
