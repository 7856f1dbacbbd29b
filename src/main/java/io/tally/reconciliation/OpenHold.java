package io.tally.reconciliation;

import java.time.Instant;
import java.util.List;

import io.tally.ledger.HoldFormat;

/**
 * A reservation whose reserve event has no settle event in PostgreSQL, as its Redis hold ({@code {pN}:hold:<rid>},
 * docs/ledger.md "Redis keys") held it.
 *
 * @param hold the hold's string ({@link HoldFormat#open})
 */
public record OpenHold(String reservationId, long deadlineMillis, String hold) {

    /**
     * The hold of a reserve entry: the charges are the lots it took ({@code -lot_deltas}, in burn order), the pool
     * part is {@code -pool_delta}.
     *
     * @param month the month of its spend: the entry's {@code spend_month}, or (no sub-account, nothing spent)
     *        the month of the reserve in the account's zone
     * @param detail the event's detail JSON, as far as the usage record keeps it
     */
    public static OpenHold of(String reservationId, String sub, String service, long amount, List<String> lotIds,
            List<Long> lotDeltas, long poolDelta, String month, long deadlineMillis, String onExpiry, String detail,
            Instant at) {
        var charges = new StringBuilder();
        for (int i = 0; i < lotIds.size(); i++) {
            charges.append(i == 0 ? "" : ",").append(lotIds.get(i)).append(':').append(-lotDeltas.get(i));
        }
        return new OpenHold(reservationId, deadlineMillis, HoldFormat.open(deadlineMillis, charges.toString(), amount,
                -poolDelta, sub == null ? "" : sub, month, service, at.toEpochMilli(), onExpiry, detail));
    }
}
