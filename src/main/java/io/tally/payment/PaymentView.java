package io.tally.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.pricing.Credits;

/** A payment as the listing answers it: credits, the amount in minor units of its currency, and what it granted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentView(String id, String kind, String status, BigDecimal credits, long amount, String currency,
        String paymentMethod, String provider, String reference, String lot, String subAccount, String packageId,
        int attempts, String failure, Instant createdAt) {

    static PaymentView of(Payment p) {
        return new PaymentView(p.id(), p.kind().name().toLowerCase(Locale.ROOT),
                p.status().name().toLowerCase(Locale.ROOT), Credits.decimal(p.credits()), p.amountMinor(), p.currency(),
                p.paymentMethod(), p.provider(), p.reference().orElse(null), p.lot().orElse(null),
                p.subAccount().orElse(null), p.packageId().orElse(null), p.attempts(), p.failure().orElse(null),
                p.createdAt());
    }

    /** One page, newest first; {@code next} is the cursor of the following page, absent on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PageView(List<PaymentView> items, String next) {
    }
}
