package io.tally.history;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The columns of the exports: the fields of the listings' views, in their order and under their JSON names, so that
 * a file and a page of the listing read alike. Lists of lots become text ({@code lot:credits,…}).
 */
final class ExportColumns {
    static final List<Column<UsageRecordView>> USAGE = List.of(
            new Column<>("id", UsageRecordView::id),
            new Column<>("occurredAt", UsageRecordView::occurredAt),
            new Column<>("account", UsageRecordView::account),
            new Column<>("subAccount", UsageRecordView::subAccount),
            new Column<>("kind", UsageRecordView::kind),
            new Column<>("status", UsageRecordView::status),
            new Column<>("idempotencyKey", UsageRecordView::idempotencyKey),
            new Column<>("service", UsageRecordView::service),
            new Column<>("direction", UsageRecordView::direction),
            new Column<>("from", UsageRecordView::from),
            new Column<>("to", UsageRecordView::to),
            new Column<>("country", UsageRecordView::country),
            new Column<>("city", UsageRecordView::city),
            new Column<>("segments", UsageRecordView::segments),
            new Column<>("encoding", UsageRecordView::encoding),
            new Column<>("characters", UsageRecordView::characters),
            new Column<>("units", UsageRecordView::units),
            new Column<>("billed", UsageRecordView::billed),
            new Column<>("rate", UsageRecordView::rate),
            new Column<>("cost", UsageRecordView::cost),
            new Column<>("credits", UsageRecordView::credits),
            new Column<>("charges", record -> charges(record.charges())),
            new Column<>("debtIncurred", UsageRecordView::debtIncurred),
            new Column<>("overLimit", UsageRecordView::overLimit),
            new Column<>("product", UsageRecordView::product),
            new Column<>("user", UsageRecordView::user),
            new Column<>("group", UsageRecordView::group),
            new Column<>("contact", UsageRecordView::contact),
            new Column<>("title", UsageRecordView::title),
            new Column<>("metadata", UsageRecordView::metadata),
            new Column<>("settledAt", UsageRecordView::settledAt),
            new Column<>("updatedAt", UsageRecordView::updatedAt),
            new Column<>("carrier", UsageRecordView::carrier),
            new Column<>("carrierMessageId", UsageRecordView::carrierMessageId),
            new Column<>("deliveryStatus", UsageRecordView::deliveryStatus));

    static final List<Column<LedgerEntryView>> LEDGER = List.of(
            new Column<>("eventId", LedgerEntryView::eventId),
            new Column<>("occurredAt", LedgerEntryView::occurredAt),
            new Column<>("account", LedgerEntryView::account),
            new Column<>("subAccount", LedgerEntryView::subAccount),
            new Column<>("type", LedgerEntryView::type),
            new Column<>("service", LedgerEntryView::service),
            new Column<>("amount", LedgerEntryView::amount),
            new Column<>("reservation", LedgerEntryView::reservation),
            new Column<>("lot", LedgerEntryView::lot),
            new Column<>("lots", entry -> lots(entry.lots())),
            new Column<>("poolDelta", LedgerEntryView::poolDelta),
            new Column<>("allocDelta", LedgerEntryView::allocDelta),
            new Column<>("heldDelta", LedgerEntryView::heldDelta),
            new Column<>("spentDelta", LedgerEntryView::spentDelta),
            new Column<>("debtDelta", LedgerEntryView::debtDelta),
            new Column<>("grantedDelta", LedgerEntryView::grantedDelta),
            new Column<>("spendDelta", LedgerEntryView::spendDelta),
            new Column<>("spendMonth", LedgerEntryView::spendMonth),
            new Column<>("committed", LedgerEntryView::committed),
            new Column<>("released", LedgerEntryView::released),
            new Column<>("debtAfter", LedgerEntryView::debtAfter),
            new Column<>("overLimit", LedgerEntryView::overLimit),
            new Column<>("extra", LedgerEntryView::extra),
            new Column<>("streamId", LedgerEntryView::streamId),
            new Column<>("writtenAt", LedgerEntryView::writtenAt));

    private ExportColumns() {
    }

    private static String charges(List<UsageRecordView.ChargeView> charges) {
        if (charges.isEmpty()) {
            return null;
        }
        var text = new StringBuilder(24 * charges.size());
        for (var charge : charges) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(charge.lot()).append(':').append(charge.credits().toPlainString());
        }
        return text.toString();
    }

    private static String lots(List<LedgerEntryView.LotDelta> lots) {
        return lots.isEmpty() ? null
                : lots.stream().map(l -> l.lot() + ":" + (l.delta() == null ? "" : l.delta().toPlainString()))
                        .collect(Collectors.joining(","));
    }
}
