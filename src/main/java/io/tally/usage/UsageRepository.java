package io.tally.usage;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes a batch of ledger entries and usage records in one transaction, idempotently: a second copy of an event
 * changes nothing, and a usage record ends in its settled state whatever order its events come in. Each table gets
 * one statement per batch (arrays unnested server-side).
 */
@Singleton
class UsageRepository {
    private static final String ENSURE_MONTH = "SELECT tally_ensure_month($1)";
    private static final String INSERT_ENTRIES = LedgerEntry.COLUMNS.insert("ledger_entries")
            + "\nON CONFLICT DO NOTHING";
    /**
     * The records' upsert: a second copy of an event writes nothing, and only a settle moves a reserved record (its
     * {@code revision} counts the moves).
     */
    private static final String UPSERT = UsageRecord.COLUMNS.insert("usage_records") + """

            ON CONFLICT (account_id, id, occurred_at) DO UPDATE
                SET status = excluded.status, credits = excluded.credits, charges = excluded.charges,
                    settled_at = excluded.settled_at, carrier = excluded.carrier,
                    carrier_message_id = excluded.carrier_message_id,
                    delivery_status = excluded.delivery_status, updated_at = now(),
                    revision = usage_records.revision + 1
                WHERE usage_records.status = 'reserved' AND excluded.status <> 'reserved'""";
    /**
     * Upserts the records and adds what changed to the daily rollups and the daily totals, in one statement:
     * {@code written} holds the rows this statement inserted or moved (a second copy of an event writes nothing, so it
     * counts nothing); a row that moved ({@code revision} 1) was reserved, charging its cost, and leaves that rollup
     * row.
     */
    private static final String UPSERT_RECORDS = "WITH written AS (\n" + UPSERT + """

                RETURNING %1$s, revision
            ), c AS (
                SELECT %1$s, 1 AS records FROM written
                UNION ALL
                SELECT account_id, occurred_at, sub_account, service, 'reserved', direction, product, country, city,
                       sender, recipient, user_id, -units, -segments, -cost, -cost, -1
                FROM written WHERE revision > 0
            )
            """.formatted(DailyRollup.RECORD_COLUMNS_TEXT) + DailyRollup.addBothFrom("c");

    /**
     * The records alone, when the writer does not keep the rollups ({@code tally.usage.writer.rollups=false}): no
     * rollups, no totals, and no lock against a rebuild, which has nothing of this batch to wait for.
     */
    private static final String UPSERT_RECORDS_ONLY = UPSERT;

    private final Pool client;
    private final boolean rollups;
    private final Set<YearMonth> months = ConcurrentHashMap.newKeySet();

    @Inject
    UsageRepository(Pool client, UsageConfig config) {
        this(client, config.writer().rollups());
    }

    /** {@code rollups}: whether each batch adds its records to the daily rollups and totals. */
    UsageRepository(Pool client, boolean rollups) {
        this.client = client;
        this.rollups = rollups;
    }

    /** Writes the batch in one transaction; the records must be merged already (one per id and month). */
    Uni<Void> write(List<LedgerEntry> entries, Collection<UsageRecord> records) {
        var missing = entries.stream().map(entry -> month(entry.occurredAt()))
                .filter(month -> !months.contains(month)).collect(Collectors.toSet());
        records.stream().map(record -> month(record.occurredAt())).filter(month -> !months.contains(month))
                .forEach(missing::add);
        return ensureMonths(missing)
                .chain(() -> client.withTransaction(connection -> insert(connection, entries, records, rollups)));
    }

    private Uni<Void> ensureMonths(Set<YearMonth> missing) {
        if (missing.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var month = missing.iterator().next();
        return client.preparedQuery(ENSURE_MONTH).execute(Tuple.of(month.atDay(1).atStartOfDay()
                .atOffset(ZoneOffset.UTC)))
                .invoke(() -> months.add(month))
                .chain(() -> ensureMonths(missing.stream().filter(m -> !m.equals(month)).collect(Collectors.toSet())));
    }

    private static Uni<Void> insert(SqlConnection connection, List<LedgerEntry> entries,
            Collection<UsageRecord> records, boolean rollups) {
        var insertEntries = entries.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery(INSERT_ENTRIES).execute(Tuple.tuple(LedgerEntry.COLUMNS.arrays(entries)))
                        .replaceWithVoid();
        if (!rollups) {
            return insertEntries.chain(() -> records.isEmpty() ? Uni.createFrom().voidItem()
                    : connection.preparedQuery(UPSERT_RECORDS_ONLY)
                            .execute(Tuple.tuple(UsageRecord.COLUMNS.arrays(List.copyOf(records)))).replaceWithVoid());
        }
        var accounts = records.stream().map(UsageRecord::accountId).distinct().toArray(String[]::new);
        return insertEntries.chain(() -> records.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery(DailyRollup.SHARE_ACCOUNTS).execute(Tuple.of(accounts))
                        .chain(() -> connection.preparedQuery(UPSERT_RECORDS)
                                .execute(Tuple.tuple(UsageRecord.COLUMNS.arrays(List.copyOf(records)))))
                        .replaceWithVoid());
    }

    static YearMonth month(Instant instant) {
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    }
}
