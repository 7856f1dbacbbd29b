package io.tally.history;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One usage record, what it measured in its service's own terms ({@code details}), the wallet kind of each lot that
 * pays it now ({@code wallets}, from the lots' grants), and the ledger entries behind it, oldest first: a
 * reservation's reserve and its commit, release or expiry, or a metered use's meter entry.
 */
public record UsageRecordDetailView(UsageRecordView record, Details details, List<WalletCharge> wallets,
        List<LedgerEntryView> entries) {

    /**
     * A message's segments (SMS) or messages (MMS), a call's seconds and billed seconds at a rate per minute, a fax's
     * pages, an AI agent's sessions; {@code rate} is per {@code rateUnit}.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Details(String unit, Long quantity, Long billed, BigDecimal rate, String rateUnit, String encoding,
            Integer characters) {

        private static final Map<String, String> UNITS = Map.of("sms", "segment", "mms", "message", "voice", "second",
                "fax", "page", "ai-agent", "session");

        static Details of(UsageRecordView r) {
            var unit = UNITS.getOrDefault(r.service(), "unit");
            var quantity = r.segments() != null ? Long.valueOf(r.segments()) : r.units();
            var rateUnit = unit.equals("second") ? "minute" : unit;
            return new Details(unit, quantity, r.billed(), r.rate(), r.rate() == null ? null : rateUnit,
                    r.encoding(), r.characters());
        }
    }

    /** Credits a lot pays now, and the kind of wallet it was granted as ({@code other} when its grant is not found). */
    public record WalletCharge(String lot, String kind, BigDecimal credits) {
    }

    static UsageRecordDetailView of(UsageRecordView record, Map<String, String> kinds, List<LedgerEntryView> entries) {
        var wallets = record.charges().stream().map(c -> new WalletCharge(c.lot(),
                UsageRecordView.label(kinds.getOrDefault(c.lot(), "OTHER")), c.credits())).toList();
        return new UsageRecordDetailView(record, Details.of(record), wallets, entries);
    }
}
