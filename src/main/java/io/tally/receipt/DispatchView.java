package io.tally.receipt;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.ledger.SettleOutcome;
import io.tally.platform.Labels;
import io.tally.pricing.Credits;

/**
 * A dispatch's answer: {@code outcome} {@code pending} (the message waits for its receipts) or {@code settled} (its
 * receipts, parked before, decided it: the hold's {@code state}, {@code committed} and {@code released} credits).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DispatchView(String reservationId, String carrier, String messageId, String outcome, String state,
        BigDecimal committed, BigDecimal released) {
    static DispatchView of(String reservationId, String carrier, String messageId, ReceiptOutcome outcome) {
        if (outcome instanceof ReceiptOutcome.Settled settled
                && settled.settle() instanceof SettleOutcome.Settled hold) {
            return new DispatchView(reservationId, carrier, messageId, "settled", Labels.of(hold.state()),
                    Credits.decimal(hold.committed()), Credits.decimal(hold.released()));
        }
        var state = outcome instanceof ReceiptOutcome.Settled ? "settled" : "pending";
        return new DispatchView(reservationId, carrier, messageId, state, null, null, null);
    }
}
