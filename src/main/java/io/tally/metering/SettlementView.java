package io.tally.metering;

import java.math.BigDecimal;

import io.tally.ledger.SettleOutcome;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.pricing.Credits;

/** How a hold was settled: by this call, or (repeated) by an earlier one, whose outcome is answered again. */
record SettlementView(String reservationId, String state, BigDecimal committed, BigDecimal released,
        boolean repeated) {
    static SettlementView of(String reservationId, SettleOutcome outcome) {
        if (outcome instanceof SettleOutcome.Settled settled) {
            return new SettlementView(settled.reservationId(), Labels.of(settled.state()),
                    Credits.decimal(settled.committed()), Credits.decimal(settled.released()), settled.repeated());
        }
        if (outcome instanceof SettleOutcome.InvalidFinalAmount invalid) {
            throw Refusal.invalid("amount", "amount: at most the " + Credits.decimal(invalid.reserved())
                    + " credits reserved");
        }
        throw Refusal.notFound("no reservation " + reservationId);
    }
}
