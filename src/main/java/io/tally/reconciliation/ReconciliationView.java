package io.tally.reconciliation;

import java.time.Instant;
import java.util.List;

/**
 * An account's reconciliation: every field whose value in Redis differs from the sum of its ledger entries, values
 * as the account hash holds them (micro-credits; lot metas as text; null = the side has no such field).
 * {@code settled = false}: some of the account's events were not in PostgreSQL yet, so differences may be transient.
 */
record ReconciliationView(String account, boolean settled, boolean agrees, Instant checkedAt, String streamId,
        List<Reconciliation.Difference> differences) {

    static ReconciliationView of(Reconciler.Report report) {
        return new ReconciliationView(report.account(), report.settled(), report.differences().isEmpty(),
                report.checkedAt(), report.readAt(), report.differences());
    }
}
