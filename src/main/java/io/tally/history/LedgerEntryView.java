package io.tally.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A ledger entry as {@code GET /v1/accounts/{account}/ledger} answers it: amounts and the {@code *Delta} effects on
 * the balance in credits, exact (docs/usage.md "Ledger entries"); {@code extra} as stored; absent fields left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEntryView(String eventId, Instant occurredAt, String account, String subAccount, String type,
        String service, BigDecimal amount, String reservation, String lot, List<LotDelta> lots, BigDecimal poolDelta,
        BigDecimal allocDelta, BigDecimal heldDelta, BigDecimal spentDelta, BigDecimal debtDelta,
        BigDecimal grantedDelta, BigDecimal spendDelta, String spendMonth, BigDecimal committed, BigDecimal released,
        BigDecimal debtAfter, Boolean overLimit, @JsonRawValue String extra, String streamId, Instant writtenAt) {

    /** The change of one lot's remaining credits. */
    record LotDelta(String lot, BigDecimal delta) {
    }
}
