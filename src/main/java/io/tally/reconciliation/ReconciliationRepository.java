package io.tally.reconciliation;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** What PostgreSQL's ledger entries say of an account: its summed balance fields and its open holds. */
@Singleton
class ReconciliationRepository {
    /**
     * One row per hash field: (kind, key, amount, meta). Only entries up to a stream id ($2-$3, both null = all),
     * the stream's last id when Redis was read, so that later events do not show as differences.
     */
    private static final String SUMS = """
            WITH e AS (
                SELECT * FROM ledger_entries
                WHERE account_id = $1
                  AND ($2::bigint IS NULL OR (split_part(stream_id, '-', 1)::bigint,
                                              split_part(stream_id, '-', 2)::bigint) <= ($2::bigint, $3::bigint)))
            SELECT t.kind, NULL::text AS key, t.amount, NULL::text AS meta
            FROM (SELECT coalesce(sum(granted_delta), 0)::bigint AS granted, coalesce(sum(spent_delta), 0)::bigint AS spent,
                         coalesce(sum(held_delta), 0)::bigint AS held, coalesce(sum(debt_delta), 0)::bigint AS debt,
                         coalesce(sum(pool_delta), 0)::bigint AS pool,
                         (coalesce(sum(amount) FILTER (WHERE type = 'expire-credits'), 0)
                          + coalesce(sum((extra->>'expired')::bigint) FILTER (WHERE type = 'refresh-credits'), 0))::bigint
                             AS expired
                  FROM e) s
            CROSS JOIN LATERAL (VALUES ('granted', s.granted), ('spent', s.spent), ('held', s.held), ('debt', s.debt),
                                       ('pool', s.pool), ('expired', s.expired)) AS t(kind, amount)
            UNION ALL
            SELECT 'alloc', a.sub, sum(a.delta)::bigint, NULL
            FROM (SELECT sub_account AS sub, alloc_delta AS delta FROM e WHERE alloc_delta <> 0
                  UNION ALL
                  SELECT x.sub, x.delta FROM e CROSS JOIN LATERAL unnest(e.alloc_subs, e.alloc_deltas) AS x(sub, delta))
                 a GROUP BY a.sub
            UNION ALL
            SELECT 'spend', sub_account || ':' || spend_month, sum(spend_delta)::bigint, NULL FROM e
            WHERE spend_delta <> 0 GROUP BY sub_account, spend_month
            UNION ALL
            SELECT 'lot', l.lot_id, sum(l.delta)::bigint, NULL
            FROM e CROSS JOIN LATERAL unnest(e.lot_ids, e.lot_deltas) AS l(lot_id, delta) GROUP BY l.lot_id
            UNION ALL
            SELECT * FROM (SELECT DISTINCT ON (lot_id) 'meta', lot_id, NULL::bigint, extra->>'meta' FROM e
                           WHERE type IN ('grant', 'extend-expiry', 'adjust-credit', 'void-credits')
                           ORDER BY lot_id, split_part(stream_id, '-', 1)::bigint DESC,
                                    split_part(stream_id, '-', 2)::bigint DESC) m""";

    /**
     * A page of the reserve entries without a settle entry, in reservation id order after $2 ('' = from the first),
     * with what their usage record keeps of the event's detail.
     */
    private static final String OPEN_HOLDS = """
            SELECT r.reservation_id, r.occurred_at, r.sub_account, r.service, r.amount, r.lot_ids, r.lot_deltas,
                   r.alloc_delta, r.pool_delta, r.spend_month, r.extra->>'deadline' AS deadline,
                   r.extra->>'onExpiry' AS on_expiry, u.idempotency_key, u.direction, u.sender, u.recipient,
                   u.country, u.segments, u.encoding, u.characters, u.units, u.billed, u.rate, u.cost, u.product,
                   u.user_id, u.group_id, u.contact, u.title, u.metadata::text AS metadata
            FROM ledger_entries r
            LEFT JOIN usage_records u
                ON u.account_id = r.account_id AND u.id = r.reservation_id AND u.occurred_at = r.occurred_at
            WHERE r.account_id = $1 AND r.type = 'reserve'
              AND r.reservation_id > $2
              AND NOT EXISTS (SELECT 1 FROM ledger_entries s
                              WHERE s.account_id = $1 AND s.reservation_id = r.reservation_id
                                AND s.type IN ('commit', 'release', 'expire'))
            ORDER BY r.reservation_id
            LIMIT $3""";

    /**
     * Each lot granted with a refresh rule: its grant's time (ms) and the {@code next} boundary of its latest
     * {@code refresh-credits} entry (null when never renewed).
     */
    private static final String REFRESH_STARTS = """
            SELECT g.lot_id, floor(extract(epoch FROM g.occurred_at) * 1000)::bigint AS granted_ms,
                   (SELECT (r.extra->>'next')::bigint FROM ledger_entries r
                    WHERE r.account_id = $1 AND r.type = 'refresh-credits' AND r.lot_id = g.lot_id
                    ORDER BY split_part(r.stream_id, '-', 1)::bigint DESC, split_part(r.stream_id, '-', 2)::bigint DESC
                    LIMIT 1) AS next_ms
            FROM ledger_entries g
            WHERE g.account_id = $1 AND g.type = 'grant' AND split_part(g.extra->>'meta', '|', 8) <> ''
              AND NOT EXISTS (SELECT 1 FROM ledger_entries v
                              WHERE v.account_id = $1 AND v.type = 'void-credits' AND v.lot_id = g.lot_id)""";

    private static final String ACCOUNTS = "SELECT id FROM accounts WHERE id > $1 ORDER BY id LIMIT $2";

    private final Pool client;

    ReconciliationRepository(Pool client) {
        this.client = client;
    }

    /** The account's entries summed per balance field, up to {@code upTo} (the whole history when empty). */
    Uni<LedgerSums> sums(String account, Optional<AccountSnapshot.StreamId> upTo) {
        return client.preparedQuery(SUMS)
                .execute(Tuple.of(account, upTo.map(AccountSnapshot.StreamId::millis).orElse(null),
                        upTo.map(AccountSnapshot.StreamId::sequence).orElse(null)))
                .map(ReconciliationRepository::sums);
    }

    /** Up to {@code limit} open holds of the account after the reservation id {@code after} ('' = from the first). */
    Uni<List<OpenHold>> openHolds(String account, ZoneId zone, String after, int limit) {
        return client.preparedQuery(OPEN_HOLDS)
                .execute(Tuple.of(account, after, limit))
                .map(rows -> toList(rows, row -> hold(zone, row)));
    }

    /** What the entries say of each of the account's lots that refresh (for {@link RefreshSchedule}). */
    Uni<List<RefreshSchedule.Start>> refreshStarts(String account) {
        return client.preparedQuery(REFRESH_STARTS)
                .execute(Tuple.of(account))
                .map(rows -> toList(rows, row -> new RefreshSchedule.Start(row.getString("lot_id"),
                        Instant.ofEpochMilli(row.getLong("granted_ms")),
                        Optional.ofNullable(row.getLong("next_ms")).map(Instant::ofEpochMilli))));
    }

    /** A page of account ids after {@code after} (keyset), in id order. */
    Uni<List<String>> accounts(String after, int limit) {
        return client.preparedQuery(ACCOUNTS)
                .execute(Tuple.of(after, limit))
                .map(rows -> toList(rows, row -> row.getString("id")));
    }

    private static LedgerSums sums(RowSet<Row> rows) {
        var totals = new HashMap<String, Long>();
        var allocations = new HashMap<String, Long>();
        var monthSpend = new HashMap<String, Long>();
        var lots = new HashMap<String, Long>();
        var metas = new HashMap<String, String>();
        for (var row : rows) {
            var key = row.getString("key");
            switch (row.getString("kind")) {
                case "alloc" -> allocations.put(key, row.getLong("amount"));
                case "spend" -> monthSpend.put(key, row.getLong("amount"));
                case "lot" -> lots.put(key, row.getLong("amount"));
                case "meta" -> metas.put(key, row.getString("meta"));
                default -> totals.put(row.getString("kind"), row.getLong("amount"));
            }
        }
        return new LedgerSums(totals.get("granted"), totals.get("spent"), totals.get("held"), totals.get("debt"),
                totals.get("pool"), allocations, monthSpend, lots, metas, totals.get("expired"));
    }

    private static OpenHold hold(ZoneId zone, Row row) {
        var at = row.getOffsetDateTime("occurred_at").toInstant();
        var month = row.getString("spend_month");
        return OpenHold.of(row.getString("reservation_id"), row.getString("sub_account"), row.getString("service"),
                row.getLong("amount"), Arrays.asList(row.getArrayOfStrings("lot_ids")),
                Arrays.asList(row.getArrayOfLongs("lot_deltas")), row.getLong("pool_delta"),
                month != null ? month : YearMonth.from(at.atZone(zone)).toString(),
                Long.parseLong(row.getString("deadline")), row.getString("on_expiry"), detail(row), at);
    }

    /** The detail JSON as Metering wrote it, from the columns the usage record keeps (absent ones left out). */
    private static String detail(Row row) {
        var detail = new JsonObject();
        put(detail, "idempotencyKey", row.getString("idempotency_key"));
        put(detail, "service", row.getString("service"));
        put(detail, "direction", row.getString("direction"));
        put(detail, "from", row.getString("sender"));
        put(detail, "to", row.getString("recipient"));
        put(detail, "country", row.getString("country"));
        put(detail, "segments", row.getInteger("segments"));
        put(detail, "encoding", row.getString("encoding"));
        put(detail, "characters", row.getInteger("characters"));
        put(detail, "units", row.getLong("units"));
        put(detail, "billed", row.getLong("billed"));
        put(detail, "rate", row.getLong("rate"));
        put(detail, "cost", row.getLong("cost"));
        put(detail, "product", row.getString("product"));
        put(detail, "user", row.getString("user_id"));
        put(detail, "group", row.getString("group_id"));
        put(detail, "contact", row.getString("contact"));
        put(detail, "title", row.getString("title"));
        var metadata = row.getString("metadata");
        put(detail, "metadata", metadata == null ? null : new JsonObject(metadata));
        return detail.encode();
    }

    private static void put(JsonObject json, String field, Object value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static <T> List<T> toList(RowSet<Row> rows, java.util.function.Function<Row, T> map) {
        var list = new java.util.ArrayList<T>(rows.size());
        rows.forEach(row -> list.add(map.apply(row)));
        return list;
    }
}
