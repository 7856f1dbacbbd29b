package io.tally.reconciliation;

import java.time.Instant;
import java.util.List;

/**
 * An account's reconciliation: every field whose value in Redis differs from the sum of its ledger entries, values
 * as the account hash holds them (micro-credits; lot metas as text; null = the side has no such field).
 * {@code settled = false}: some of the account's events were not in PostgreSQL yet, so differences may be transient.
 * {@code ledger}: {@code open}, or {@code lost} when Redis lost the partition's data (then never {@code agrees}).
 * {@code lostWindow}: the partition's last loss, if it had one (null otherwise).
 */
record ReconciliationView(String account, String ledger, boolean settled, boolean agrees, Instant checkedAt,
        String streamId, List<Reconciliation.Difference> differences, LostWindow lostWindow) {

    /**
     * The partition's last loss: its events after {@code writtenUpTo} (the newest PostgreSQL had; null = none) and
     * before {@code detectedAt} were in Redis only, are lost, and are not in the restored balance; reopened at
     * {@code restoredAt} (null = not yet).
     */
    record LostWindow(Instant writtenUpTo, Instant detectedAt, Instant restoredAt) {
    }

    static ReconciliationView of(Reconciler.Report report) {
        return new ReconciliationView(report.account(), report.lost() ? "lost" : "open", report.settled(),
                report.agrees(), report.checkedAt(), report.readAt(), report.differences(),
                report.restore().map(r -> new LostWindow(r.writtenUpTo().orElse(null), r.detectedAt(),
                        r.restoredAt().orElse(null))).orElse(null));
    }
}
