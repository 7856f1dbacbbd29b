package io.tally.history;

import java.util.List;

/**
 * One usage record and the ledger entries behind it, oldest first: a reservation's reserve and its commit, release or
 * expiry, or a metered use's meter entry. Each entry's {@code lots} name the lots that paid each part.
 */
record UsageRecordDetailView(UsageRecordView record, List<LedgerEntryView> entries) {
}
