package io.tally.reconciliation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The restores of lost partitions in PostgreSQL ({@code ledger_restores}): found, progressing, reopened. */
@Singleton
class RestoreRepository {
    /** A partition being restored: accounts up to {@code after} (id order, '' = none) are done. */
    record Restoring(int partition, Instant detectedAt, String after, Optional<Instant> writtenUpTo) {
    }

    /**
     * The last restore of a partition: its events after {@code writtenUpTo} (none written: empty) and before
     * {@code detectedAt} were in Redis only and are lost; reopened at {@code restoredAt} (empty: not yet).
     */
    record LostWindow(Optional<Instant> writtenUpTo, Instant detectedAt, Optional<Instant> restoredAt) {
    }

    private static final String FOUND = """
            INSERT INTO ledger_restores (partition, detected_at, next_account)
            SELECT p, $2, '' FROM unnest($1::integer[]) AS p
            WHERE NOT EXISTS (SELECT 1 FROM ledger_restores r WHERE r.partition = p AND r.restored_at IS NULL)""";

    private final Pool pg;

    RestoreRepository(Pool pg) {
        this.pg = pg;
    }

    /**
     * Records the partitions found lost that are not being restored already, and answers every one being restored.
     * A partition newly found restarts the walk over the accounts for all of them, so that they share one position.
     */
    Uni<List<Restoring>> found(List<Integer> lost, Instant now) {
        return pg.preparedQuery(FOUND).execute(Tuple.of(lost.toArray(Integer[]::new), utc(now)))
                .chain(inserted -> inserted.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : pg.query("UPDATE ledger_restores SET next_account = '' WHERE restored_at IS NULL")
                                .execute().replaceWithVoid())
                .chain(() -> pg.query("""
                        SELECT partition, detected_at, next_account, written_up_to FROM ledger_restores
                        WHERE restored_at IS NULL ORDER BY partition""").execute())
                .map(rows -> {
                    var restoring = new ArrayList<Restoring>();
                    rows.forEach(row -> restoring.add(new Restoring(row.getInteger("partition"),
                            instant(row, "detected_at").orElseThrow(), row.getString("next_account"),
                            instant(row, "written_up_to"))));
                    return restoring;
                });
    }

    /**
     * Progress of one partition's restore: accounts up to {@code after} done, {@code accounts} more rebuilt, the
     * newest entry of them at {@code newest}.
     */
    Uni<Void> progress(int partition, Instant detectedAt, String after, int accounts, Optional<Instant> newest) {
        return pg.preparedQuery("""
                UPDATE ledger_restores SET next_account = $3, accounts = accounts + $4,
                    written_up_to = greatest(written_up_to, $5)
                WHERE partition = $1 AND detected_at = $2""")
                .execute(Tuple.of(partition, utc(detectedAt), after, accounts, newest.map(RestoreRepository::utc)
                        .orElse(null)))
                .replaceWithVoid();
    }

    Uni<Void> reopened(int partition, Instant detectedAt, Instant now) {
        return pg.preparedQuery("UPDATE ledger_restores SET restored_at = $3 WHERE partition = $1 AND detected_at = $2")
                .execute(Tuple.of(partition, utc(detectedAt), utc(now)))
                .replaceWithVoid();
    }

    /** The partition's last restore, if it had one. */
    Uni<Optional<LostWindow>> lastRestore(int partition) {
        return pg.preparedQuery("""
                SELECT written_up_to, detected_at, restored_at FROM ledger_restores WHERE partition = $1
                ORDER BY detected_at DESC LIMIT 1""")
                .execute(Tuple.of(partition))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(window(rows.iterator().next())));
    }

    /** When the account's newest ledger entry happened (empty: it has none). */
    Uni<Optional<Instant>> newestEntry(String account) {
        return pg.preparedQuery("SELECT max(occurred_at) AS newest FROM ledger_entries WHERE account_id = $1")
                .execute(Tuple.of(account))
                .map(rows -> instant(rows.iterator().next(), "newest"));
    }

    private static LostWindow window(Row row) {
        return new LostWindow(instant(row, "written_up_to"), instant(row, "detected_at").orElseThrow(),
                instant(row, "restored_at"));
    }

    private static Optional<Instant> instant(Row row, String column) {
        return Optional.ofNullable(row.getOffsetDateTime(column)).map(OffsetDateTime::toInstant);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
