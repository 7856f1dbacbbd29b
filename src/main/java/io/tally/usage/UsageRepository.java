package io.tally.usage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.platform.JsonObject;
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
    private static final String INSERT_ENTRIES = """
            INSERT INTO ledger_entries (event_id, occurred_at, account_id, sub_account, type, service, amount,
                reservation_id, lot_id, lot_ids, lot_deltas, pool_delta, alloc_delta, held_delta, spent_delta,
                debt_delta, granted_delta, spend_delta, spend_month, committed, released, debt_after, over_limit,
                extra, stream_id)
            SELECT e.event_id, e.occurred_at, e.account_id, e.sub_account, e.type, e.service, e.amount,
                e.reservation_id, e.lot_id, string_to_array(e.lot_ids, ','), string_to_array(e.lot_deltas, ',')::bigint[],
                e.pool_delta, e.alloc_delta, e.held_delta, e.spent_delta, e.debt_delta, e.granted_delta, e.spend_delta,
                e.spend_month, e.committed, e.released, e.debt_after, e.over_limit, e.extra::jsonb, e.stream_id
            FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[],
                $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[], $13::bigint[], $14::bigint[],
                $15::bigint[], $16::bigint[], $17::bigint[], $18::bigint[], $19::text[], $20::bigint[], $21::bigint[],
                $22::bigint[], $23::boolean[], $24::text[], $25::text[])
                AS e(event_id, occurred_at, account_id, sub_account, type, service, amount, reservation_id, lot_id,
                     lot_ids, lot_deltas, pool_delta, alloc_delta, held_delta, spent_delta, debt_delta, granted_delta,
                     spend_delta, spend_month, committed, released, debt_after, over_limit, extra, stream_id)
            ON CONFLICT DO NOTHING""";
    private static final String UPSERT_RECORDS = """
            INSERT INTO usage_records (id, occurred_at, account_id, sub_account, kind, status, idempotency_key,
                service, direction, sender, recipient, country, city, segments, encoding, characters, units, billed,
                rate, cost, credits, charges, debt_incurred, over_limit, product, user_id, group_id, contact,
                metadata, settled_at)
            SELECT r.id, r.occurred_at, r.account_id, r.sub_account, r.kind, r.status, r.idempotency_key, r.service,
                r.direction, r.sender, r.recipient, r.country, r.city, r.segments, r.encoding, r.characters, r.units,
                r.billed, r.rate, r.cost, r.credits, r.charges, r.debt_incurred, r.over_limit, r.product, r.user_id,
                r.group_id, r.contact, r.metadata::jsonb, r.settled_at
            FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[], $15::text[],
                $16::int[], $17::bigint[], $18::bigint[], $19::bigint[], $20::bigint[], $21::bigint[], $22::text[],
                $23::bigint[], $24::boolean[], $25::text[], $26::text[], $27::text[], $28::text[], $29::text[],
                $30::timestamptz[])
                AS r(id, occurred_at, account_id, sub_account, kind, status, idempotency_key, service, direction,
                     sender, recipient, country, city, segments, encoding, characters, units, billed, rate, cost,
                     credits, charges, debt_incurred, over_limit, product, user_id, group_id, contact, metadata,
                     settled_at)
            ON CONFLICT (id, occurred_at) DO UPDATE
                SET status = excluded.status, credits = excluded.credits, charges = excluded.charges,
                    settled_at = excluded.settled_at, updated_at = now()
                WHERE usage_records.status = 'reserved' AND excluded.status <> 'reserved'""";

    private final Pool client;
    private final Set<YearMonth> months = ConcurrentHashMap.newKeySet();

    UsageRepository(Pool client) {
        this.client = client;
    }

    /** Writes the batch in one transaction; the records must be merged already (one per id and month). */
    Uni<Void> write(List<LedgerEntry> entries, Collection<UsageRecord> records) {
        var missing = entries.stream().map(entry -> month(entry.occurredAt()))
                .filter(month -> !months.contains(month)).collect(Collectors.toSet());
        records.stream().map(record -> month(record.occurredAt())).filter(month -> !months.contains(month))
                .forEach(missing::add);
        return ensureMonths(missing)
                .chain(() -> client.withTransaction(connection -> insert(connection, entries, records)));
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
            Collection<UsageRecord> records) {
        var insertEntries = entries.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery(INSERT_ENTRIES).execute(entryColumns(entries)).replaceWithVoid();
        return insertEntries.chain(() -> records.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery(UPSERT_RECORDS).execute(recordColumns(records)).replaceWithVoid());
    }

    private static Tuple entryColumns(List<LedgerEntry> entries) {
        return Tuple.tuple(List.<Object> of(
                column(entries, String.class, LedgerEntry::eventId),
                column(entries, OffsetDateTime.class, entry -> utc(entry.occurredAt())),
                column(entries, String.class, LedgerEntry::accountId),
                column(entries, String.class, LedgerEntry::subAccount),
                column(entries, String.class, LedgerEntry::type),
                column(entries, String.class, LedgerEntry::service),
                column(entries, Long.class, LedgerEntry::amount),
                column(entries, String.class, LedgerEntry::reservationId),
                column(entries, String.class, LedgerEntry::lotId),
                column(entries, String.class, entry -> String.join(",", entry.lotIds())),
                column(entries, String.class, entry -> entry.lotDeltas().stream().map(String::valueOf)
                        .collect(Collectors.joining(","))),
                column(entries, Long.class, LedgerEntry::poolDelta),
                column(entries, Long.class, LedgerEntry::allocDelta),
                column(entries, Long.class, LedgerEntry::heldDelta),
                column(entries, Long.class, LedgerEntry::spentDelta),
                column(entries, Long.class, LedgerEntry::debtDelta),
                column(entries, Long.class, LedgerEntry::grantedDelta),
                column(entries, Long.class, LedgerEntry::spendDelta),
                column(entries, String.class, LedgerEntry::spendMonth),
                column(entries, Long.class, LedgerEntry::committed),
                column(entries, Long.class, LedgerEntry::released),
                column(entries, Long.class, LedgerEntry::debtAfter),
                column(entries, Boolean.class, LedgerEntry::overLimit),
                column(entries, String.class, entry -> json(entry.extra())),
                column(entries, String.class, LedgerEntry::streamId)));
    }

    private static Tuple recordColumns(Collection<UsageRecord> records) {
        var rows = List.copyOf(records);
        return Tuple.tuple(List.<Object> of(
                column(rows, String.class, UsageRecord::id),
                column(rows, OffsetDateTime.class, r -> utc(r.occurredAt())),
                column(rows, String.class, UsageRecord::accountId),
                column(rows, String.class, UsageRecord::subAccount),
                column(rows, String.class, UsageRecord::kind),
                column(rows, String.class, r -> r.status().label()),
                column(rows, String.class, r -> r.detail().idempotencyKey()),
                column(rows, String.class, UsageRecord::service),
                column(rows, String.class, r -> r.detail().direction()),
                column(rows, String.class, r -> r.detail().from()),
                column(rows, String.class, r -> r.detail().to()),
                column(rows, String.class, r -> r.detail().country()),
                column(rows, String.class, UsageRecord::city),
                column(rows, Integer.class, r -> r.detail().segments()),
                column(rows, String.class, r -> r.detail().encoding()),
                column(rows, Integer.class, r -> r.detail().characters()),
                column(rows, Long.class, r -> r.detail().units()),
                column(rows, Long.class, r -> r.detail().billed()),
                column(rows, Long.class, r -> r.detail().rate()),
                column(rows, Long.class, UsageRecord::cost),
                column(rows, Long.class, UsageRecord::credits),
                column(rows, String.class, UsageRecord::charges),
                column(rows, Long.class, UsageRecord::debtIncurred),
                column(rows, Boolean.class, UsageRecord::overLimit),
                column(rows, String.class, r -> r.detail().product()),
                column(rows, String.class, r -> r.detail().user()),
                column(rows, String.class, r -> r.detail().group()),
                column(rows, String.class, r -> r.detail().contact()),
                column(rows, String.class, r -> r.detail().metadata()),
                column(rows, OffsetDateTime.class, r -> r.settledAt() == null ? null : utc(r.settledAt()))));
    }

    @SuppressWarnings("unchecked")
    private static <R, T> T[] column(List<R> rows, Class<T> type, Function<R, T> value) {
        var column = (T[]) java.lang.reflect.Array.newInstance(type, rows.size());
        for (int i = 0; i < column.length; i++) {
            column[i] = value.apply(rows.get(i));
        }
        return column;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static YearMonth month(Instant instant) {
        return YearMonth.from(instant.atOffset(ZoneOffset.UTC));
    }

    /** A flat string map as a JSON object. */
    static String json(Map<String, String> fields) {
        var json = new JsonObject();
        fields.forEach(json::put);
        return json.toString();
    }
}
