package io.tally.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.usage.DailyRollup;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads the daily rollups ({@code usage_daily}), or the daily totals ({@code usage_daily_totals}) when the query
 * needs no other dimension than the sub-account: every query starts {@code account_id = $1 AND day >= $2 AND day <
 * $3}, a range of the primary key, and sums per day (and key). Filters are added only when given.
 */
@Singleton
class ReportRepository {
    private static final String SUMS = """
            coalesce(sum(records) FILTER (WHERE status <> 'released'), 0)::bigint AS records,
            coalesce(sum(units) FILTER (WHERE status <> 'released'), 0)::bigint AS units,
            coalesce(sum(segments) FILTER (WHERE status <> 'released'), 0)::bigint AS segments,
            coalesce(sum(credits), 0)::bigint AS credits,
            coalesce(sum(cost) FILTER (WHERE status <> 'released'), 0)::bigint AS cost""";
    /** The same sums over the totals, which hold them already (released records count only for credits). */
    private static final String TOTAL_SUMS = """
            sum(records)::bigint AS records, sum(units)::bigint AS units, sum(segments)::bigint AS segments,
            sum(credits)::bigint AS credits, sum(cost)::bigint AS cost""";

    private final Pool client;

    ReportRepository(Pool client) {
        this.client = client;
    }

    /**
     * The sums per day (and per {@code by}, when given) of the account's rollups from {@code from} to {@code to}
     * (exclusive); {@code subAccounts}, when not null, confines them to those sub-accounts.
     */
    Uni<List<DayRow>> days(String account, LocalDate from, LocalDate to, Set<String> subAccounts, Filters filters,
            Dimension by) {
        var args = new ArrayList<Object>(List.of(account, from, to));
        boolean totals = totals(filters, by);
        var sql = new StringBuilder("SELECT day, ").append(by == null ? "NULL::text" : by.column).append(" AS key, ")
                .append(totals ? TOTAL_SUMS : SUMS).append("\nFROM ").append(totals ? "usage_daily_totals" : "usage_daily")
                .append(" WHERE account_id = $1 AND day >= $2 AND day < $3");
        if (subAccounts != null) {
            args.add(subAccounts.toArray(String[]::new));
            sql.append(" AND sub_account = ANY($").append(args.size()).append(")");
        }
        equal(sql, args, "service", filters.service());
        equal(sql, args, "direction", filters.direction());
        equal(sql, args, "sub_account", filters.subAccount());
        equal(sql, args, "product", filters.product());
        equal(sql, args, "user_id", filters.user());
        equal(sql, args, "country", filters.country());
        equal(sql, args, "city", filters.city());
        equal(sql, args, "number", filters.number());
        if (filters.category() != null) {
            args.add(filters.category());
            sql.append(" AND service IN (SELECT id FROM services WHERE category = $").append(args.size()).append(")");
        }
        sql.append(" GROUP BY 1, 2");
        return client.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            var days = new ArrayList<DayRow>();
            for (var row : rows) {
                var key = row.getString("key");
                days.add(new DayRow(row.getLocalDate("day"), key == null || key.isEmpty() ? null : label(by, key),
                        new Totals(row.getLong("records"), row.getLong("units"), row.getLong("segments"),
                                row.getLong("credits"), row.getLong("cost"))));
            }
            return days;
        });
    }

    /**
     * Whether the totals can answer: a row per day and sub-account, so no filter but the sub-account and no key but
     * the sub-account.
     */
    static boolean totals(Filters filters, Dimension by) {
        return (by == null || by == Dimension.SUB_ACCOUNT) && filters.service() == null
                && filters.direction() == null && filters.product() == null && filters.user() == null
                && filters.country() == null && filters.city() == null && filters.number() == null
                && filters.category() == null;
    }

    /**
     * Recomputes the account's rollups from its records, and its totals from them, in one transaction; answers the
     * rollup rows written.
     */
    Uni<Integer> rebuild(String account) {
        var args = Tuple.of(account);
        return client.withTransaction(c -> c.preparedQuery(DailyRollup.LOCK_ACCOUNT).execute(args)
                .chain(() -> c.preparedQuery(DailyRollup.DELETE_ACCOUNT).execute(args))
                .chain(() -> c.preparedQuery(DailyRollup.REBUILD_ACCOUNT).execute(args))
                .map(rows -> rows.iterator().next().getInteger("rows")));
    }

    private static void equal(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            args.add(value);
            sql.append(" AND ").append(column).append(" = $").append(args.size());
        }
    }

    /** Stored enum names as the API spells them: {@code AI_AGENT} is {@code ai-agent}. */
    private static String label(Dimension by, String key) {
        return by == Dimension.SERVICE || by == Dimension.DIRECTION ? key.toLowerCase(Locale.ROOT).replace('_', '-')
                : key;
    }
}
