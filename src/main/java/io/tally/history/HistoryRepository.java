package io.tally.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads pages of usage records and ledger entries, newest first. Every query starts with {@code account_id = $1}, so
 * it scans one account's slice of the (account, occurred_at, id) indexes; pages continue by keyset, never by offset.
 */
@Singleton
class HistoryRepository {
    /**
     * The columns of a usage record in the order of {@link UsageRecordView}'s components: the SELECT is made of them
     * and a row is read by position in the same order ({@link Positions}), which costs less than a lookup by name
     * (a scan of the row's names) for each of 35 cells of every row of an export.
     */
    private static final List<String> USAGE_COLUMNS = List.of("id", "occurred_at", "account_id", "sub_account", "kind",
            "status", "idempotency_key", "service", "direction", "sender", "recipient", "country", "city", "segments",
            "encoding", "characters", "units", "billed", "rate", "cost", "credits", "charges", "debt_incurred",
            "over_limit", "product", "user_id", "group_id", "contact", "title", "metadata::text AS metadata",
            "settled_at", "updated_at", "carrier", "carrier_message_id", "delivery_status");
    /** The columns of a ledger entry in the order of {@link LedgerEntryView}'s components (lot_ids and lot_deltas: lots). */
    private static final List<String> LEDGER_COLUMNS = List.of("event_id", "occurred_at", "account_id", "sub_account",
            "type", "service", "amount", "reservation_id", "lot_id", "lot_ids", "lot_deltas", "pool_delta",
            "alloc_delta", "held_delta", "spent_delta", "debt_delta", "granted_delta", "spend_delta", "spend_month",
            "committed", "released", "debt_after", "over_limit", "extra::text AS extra", "stream_id", "written_at");
    private static final String USAGE = "SELECT " + String.join(", ", USAGE_COLUMNS)
            + "\nFROM usage_records\nWHERE account_id = $1";
    private static final String LEDGER = "SELECT " + String.join(", ", LEDGER_COLUMNS)
            + "\nFROM ledger_entries\nWHERE account_id = $1";
    /** Strictly after the cursor in (occurred_at, id) descending; the first comparison lets partitions be pruned. */
    private static final String AFTER = " AND occurred_at <= $%d AND (occurred_at, %s) < ($%d, $%d)";
    /** One row more than the page, to know whether a next page exists. */
    private static final String NEWEST_FIRST = " ORDER BY occurred_at DESC, %s DESC LIMIT $%d";
    private static final String TOUCHES_LOT = " AND (lot_id = $%1$d OR $%1$d = ANY(lot_ids))";

    private final Pool client;

    HistoryRepository(Pool client) {
        this.client = client;
    }

    Uni<HistoryPage<UsageRecordView>> usage(UsageQuery q) {
        var where = new Where(USAGE, q.account())
                .time(q.time())
                .subAccounts(q.subAccounts())
                .equal("service", q.service())
                .category(q.category())
                .equal("direction", q.direction())
                .equal("product", q.product())
                .equal("user_id", q.user())
                .equal("group_id", q.group())
                .equal("contact", q.contact())
                .contains("title", q.title())
                .equal("country", q.country())
                .equal("city", q.city())
                .phone(q.phone())
                .amount("coalesce(segments::bigint, units)", q.quantity())
                .equal("status", q.status())
                .equal("carrier", q.carrier())
                .equal("carrier_message_id", q.carrierMessageId())
                .equal("delivery_status", q.deliveryStatus())
                .amount("credits", q.credits())
                .amount("cost", q.cost())
                .after(q.after(), "id");
        return page(where.newestFirst("id", q.limit()), q.limit(), USAGE_COLUMNS, HistoryRepository::usageRecord,
                view -> new Cursor(view.occurredAt(), view.id()));
    }

    Uni<HistoryPage<LedgerEntryView>> ledger(LedgerQuery q) {
        var where = new Where(LEDGER, q.account())
                .time(q.time())
                .subAccounts(q.subAccounts())
                .equal("type", q.type())
                .equal("service", q.service())
                .category(q.category())
                .equal("reservation_id", q.reservation())
                .lot(q.lot())
                .amount("amount", q.amount())
                .after(q.after(), "event_id");
        return page(where.newestFirst("event_id", q.limit()), q.limit(), LEDGER_COLUMNS,
                HistoryRepository::ledgerEntry, view -> new Cursor(view.occurredAt(), view.eventId()));
    }

    /**
     * The newest record of that id (an id used again after its idempotency window names a new record) and the entries
     * behind it: its own event (a meter), or those of its reservation from its reserve to its settle. The entries are
     * read within that time, through the (account, occurred_at) index.
     */
    Uni<Optional<UsageRecordDetailView>> record(String account, String recordId) {
        return client.preparedQuery(USAGE + " AND id = $2 ORDER BY occurred_at DESC LIMIT 1")
                .execute(Tuple.of(account, recordId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(Optional.<UsageRecordDetailView> empty());
                    }
                    Positions.check(rows.columnsNames(), USAGE_COLUMNS);
                    var row = rows.iterator().next();
                    var record = usageRecord(row);
                    var from = record.occurredAt().atOffset(ZoneOffset.UTC);
                    var to = record.settledAt() == null ? null : record.settledAt().atOffset(ZoneOffset.UTC);
                    return client.preparedQuery(LEDGER + " AND occurred_at >= $2 AND ($3::timestamptz IS NULL"
                            + " OR occurred_at <= $3) AND (event_id = $4 OR reservation_id = $4)"
                            + " ORDER BY occurred_at, event_id")
                            .execute(Tuple.of(account, from, to, recordId))
                            .chain(entries -> {
                                var list = new ArrayList<LedgerEntryView>();
                                entries.forEach(entry -> list.add(ledgerEntry(entry)));
                                return lotKinds(account, record.charges()).map(
                                        kinds -> Optional.of(UsageRecordDetailView.of(record, kinds, list)));
                            });
                });
    }

    /** The kind of each lot, from its grant's meta ({@code ledger_entries_grants}, V13). */
    private Uni<Map<String, String>> lotKinds(String account, List<UsageRecordView.ChargeView> charges) {
        if (charges.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        var lots = charges.stream().map(UsageRecordView.ChargeView::lot).distinct().toArray(String[]::new);
        return client.preparedQuery("""
                SELECT lot_id, split_part(extra->>'meta', '|', 1) AS kind FROM ledger_entries
                WHERE account_id = $1 AND type IN ('grant', 'adjust-credit') AND lot_id = ANY($2)""")
                .execute(Tuple.of(account, lots)).map(rows -> {
                    var kinds = new HashMap<String, String>();
                    rows.forEach(row -> kinds.put(row.getString("lot_id"), row.getString("kind")));
                    return kinds;
                });
    }

    private <T> Uni<HistoryPage<T>> page(Where where, int limit, List<String> columns, Function<Row, T> mapping,
            Function<T, Cursor> position) {
        return client.preparedQuery(where.sql.toString())
                .execute(Tuple.from(where.args))
                .map(rows -> {
                    Positions.check(rows.columnsNames(), columns);
                    var items = new ArrayList<T>(Math.min(rows.size(), limit + 1));
                    rows.forEach(row -> items.add(mapping.apply(row)));
                    if (items.size() <= limit) {
                        return new HistoryPage<>(items, null);
                    }
                    var page = List.copyOf(items.subList(0, limit));
                    return new HistoryPage<>(page, position.apply(page.get(limit - 1)).encode());
                });
    }

    private static UsageRecordView usageRecord(Row row) {
        var p = new Positions(row);
        // the arguments are evaluated left to right (JLS 15.7.4): one position after the other, as USAGE_COLUMNS
        return new UsageRecordView(p.string(), p.instant(), p.string(), p.string(), p.string(), p.string(),
                p.string(), UsageRecordView.label(p.string()), UsageRecordView.label(p.string()), p.string(),
                p.string(), p.string(), p.string(), p.integer(), p.string(), p.integer(), p.longValue(),
                p.longValue(), p.credits(), p.credits(), p.credits(), UsageRecordView.charges(p.string()),
                p.credits(), p.bool(), p.string(), p.string(), p.string(), p.string(), p.string(), p.string(),
                p.instant(), p.instant(), p.string(), p.string(), p.string());
    }

    private static LedgerEntryView ledgerEntry(Row row) {
        var p = new Positions(row);
        return new LedgerEntryView(p.string(), p.instant(), p.string(), p.string(), p.string(),
                UsageRecordView.label(p.string()), p.credits(), p.string(), p.string(),
                lots(p.strings(), p.longs()), p.credits(), p.credits(), p.credits(), p.credits(), p.credits(),
                p.credits(), p.credits(), p.string(), p.credits(), p.credits(), p.credits(), p.bool(), p.string(),
                p.string(), p.instant());
    }

    private static List<LedgerEntryView.LotDelta> lots(String[] ids, Long[] deltas) {
        var lots = new ArrayList<LedgerEntryView.LotDelta>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            lots.add(new LedgerEntryView.LotDelta(ids[i], UsageRecordView.credits(i < deltas.length ? deltas[i] : null)));
        }
        return lots;
    }

    /** A row's cells read in order, each by its position. */
    private static final class Positions {
        private final Row row;
        private int next;

        Positions(Row row) {
            this.row = row;
        }

        /** Fails when a query's columns are not those its rows are read as (a SELECT changed and not its reader). */
        static void check(List<String> names, List<String> columns) {
            if (names == null) {
                return;
            }
            if (names.size() != columns.size()) {
                throw new IllegalStateException("columns " + names + ", read as " + columns);
            }
            for (int i = 0; i < columns.size(); i++) {
                var column = columns.get(i);
                if (!column.equals(names.get(i)) && !column.endsWith(" AS " + names.get(i))) {
                    throw new IllegalStateException("columns " + names + ", read as " + columns);
                }
            }
        }

        String string() {
            return row.getString(next++);
        }

        Integer integer() {
            return row.getInteger(next++);
        }

        Long longValue() {
            return row.getLong(next++);
        }

        Boolean bool() {
            return row.getBoolean(next++);
        }

        BigDecimal credits() {
            return UsageRecordView.credits(row.getLong(next++));
        }

        Instant instant() {
            var value = row.getOffsetDateTime(next++);
            return value == null ? null : value.toInstant();
        }

        String[] strings() {
            return row.getArrayOfStrings(next++);
        }

        Long[] longs() {
            return row.getArrayOfLongs(next++);
        }
    }

    /** A WHERE clause and its arguments, built in step: each filter adds its condition only when it is given. */
    private static final class Where {
        private final StringBuilder sql;
        private final List<Object> args = new ArrayList<>();

        Where(String select, String account) {
            sql = new StringBuilder(select);
            args.add(account);
        }

        Where equal(String column, Object value) {
            if (value != null) {
                sql.append(" AND ").append(column).append(" = ").append(arg(value));
            }
            return this;
        }

        /** A service the catalogue puts in that category (its table, read in the same statement). */
        Where category(String category) {
            if (category != null) {
                sql.append(" AND service IN (SELECT id FROM services WHERE category = ").append(arg(category))
                        .append(')');
            }
            return this;
        }

        /** The text anywhere in the column, ignoring case ({@code %} and {@code _} match themselves). */
        Where contains(String column, String text) {
            if (text != null) {
                var pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                sql.append(" AND ").append(column).append(" ILIKE ").append(arg(pattern));
            }
            return this;
        }

        /** The number as either party: the sender or the recipient. */
        Where phone(String number) {
            if (number != null) {
                var arg = arg(number);
                sql.append(" AND (sender = ").append(arg).append(" OR recipient = ").append(arg).append(")");
            }
            return this;
        }

        Where time(Bounds.Time time) {
            if (time.from() != null) {
                sql.append(" AND occurred_at >= ").append(arg(timestamp(time.from())));
            }
            if (time.to() != null) {
                sql.append(" AND occurred_at < ").append(arg(timestamp(time.to())));
            }
            return this;
        }

        Where amount(String column, Bounds.Amount amount) {
            if (amount.min() != null) {
                sql.append(" AND ").append(column).append(" >= ").append(arg(amount.min()));
            }
            if (amount.max() != null) {
                sql.append(" AND ").append(column).append(" <= ").append(arg(amount.max()));
            }
            return this;
        }

        /** Plain equality for one sub-account, so that the planner reads the sub-account index in order. */
        Where subAccounts(Set<String> subAccounts) {
            if (subAccounts == null) {
                return this;
            }
            if (subAccounts.size() == 1) {
                return equal("sub_account", subAccounts.iterator().next());
            }
            sql.append(" AND sub_account = ANY(").append(arg(subAccounts.toArray(String[]::new))).append(')');
            return this;
        }

        Where lot(String lot) {
            if (lot != null) {
                args.add(lot);
                sql.append(String.format(TOUCHES_LOT, args.size()));
            }
            return this;
        }

        Where after(Cursor cursor, String idColumn) {
            if (cursor != null) {
                args.add(timestamp(cursor.occurredAt()));
                args.add(cursor.id());
                sql.append(String.format(AFTER, args.size() - 1, idColumn, args.size() - 1, args.size()));
            }
            return this;
        }

        Where newestFirst(String idColumn, int limit) {
            args.add(limit + 1);
            sql.append(String.format(NEWEST_FIRST, idColumn, args.size()));
            return this;
        }

        private String arg(Object value) {
            args.add(value);
            return "$" + args.size();
        }

        private static OffsetDateTime timestamp(Instant at) {
            return at.atOffset(ZoneOffset.UTC);
        }
    }
}
