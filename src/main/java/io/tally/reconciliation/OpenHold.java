package io.tally.reconciliation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reservation whose reserve event has no settle event in PostgreSQL, as its Redis hold hash
 * ({@code {pN}:hold:<rid>}, docs/ledger.md "Redis keys") held it.
 *
 * @param fields the hold hash, field by field, in the order reserve.lua writes them
 */
public record OpenHold(String reservationId, long deadlineMillis, Map<String, String> fields) {
    public OpenHold {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * The hold of a reserve entry: the charges are the lots it took ({@code -lot_deltas}, in burn order), the
     * allocation and pool parts are {@code -alloc_delta} and {@code -pool_delta}.
     *
     * @param month the month of its spend: the entry's {@code spend_month}, or (no sub-account, nothing spent)
     *        the month of the reserve in the account's zone
     * @param detail the event's detail JSON, as far as the usage record keeps it
     */
    public static OpenHold of(String reservationId, String account, String sub, String service, long amount,
            List<String> lotIds, List<Long> lotDeltas, long allocDelta, long poolDelta, String month,
            long deadlineMillis, String onExpiry, String detail, Instant at) {
        var charges = new StringBuilder();
        for (int i = 0; i < lotIds.size(); i++) {
            charges.append(i == 0 ? "" : ",").append(lotIds.get(i)).append(':').append(-lotDeltas.get(i));
        }
        var fields = new LinkedHashMap<String, String>();
        fields.put("account", account);
        fields.put("sub", sub == null ? "" : sub);
        fields.put("service", service);
        fields.put("amount", Long.toString(amount));
        fields.put("charges", charges.toString());
        fields.put("fromAlloc", Long.toString(-allocDelta));
        fields.put("fromPool", Long.toString(-poolDelta));
        fields.put("month", month);
        fields.put("deadline", Long.toString(deadlineMillis));
        fields.put("onExpiry", onExpiry);
        fields.put("detail", detail);
        fields.put("at", Long.toString(at.toEpochMilli()));
        fields.put("state", "HELD");
        return new OpenHold(reservationId, deadlineMillis, fields);
    }
}
