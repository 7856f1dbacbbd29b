package io.tally.usage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The daily rollups of the usage records ({@code usage_daily}, docs/reports.md) and the account's daily totals
 * ({@code usage_daily_totals}): how a record's columns become a rollup's key and measures, stated once for the writer
 * (which adds the records it just wrote) and the rebuild (which sums them all). The statements read rows {@code c} of
 * usage-record columns plus {@code records} (+1 for a record, −1 for a record that left the row), joined to the
 * account {@code a} for its time zone.
 */
public final class DailyRollup {
    /** The record columns a source must offer (beside {@code records}). */
    static final String RECORD_COLUMNS_TEXT = "account_id, occurred_at, sub_account, service, status, direction, product,"
            + " country, city, sender, recipient, user_id, units, segments, credits, cost";

    /** The rollup's key columns and the expression of each over a row {@code c}, in primary-key order. */
    static final Map<String, String> KEY = new LinkedHashMap<>();
    /** The measures: summed. */
    static final Map<String, String> MEASURES = new LinkedHashMap<>();

    /** The totals' key: the account, the day and the sub-account, expressions over a row {@code c} as in {@link #KEY}. */
    static final Map<String, String> TOTAL_KEY = new LinkedHashMap<>();
    /**
     * The totals' measures, summed over rows {@code c} that carry {@code status} and the rollups' measure columns (a
     * record's, or a daily rollup's): as the reports sum them, records released count only for {@code credits}.
     */
    static final Map<String, String> TOTAL_MEASURES = new LinkedHashMap<>();
    /** The totals' key over rows {@code c} of the rollups themselves (the rebuild's second step). */
    private static final Map<String, String> TOTAL_KEY_OF_ROLLUPS = new LinkedHashMap<>();

    static {
        KEY.put("account_id", "c.account_id");
        KEY.put("day", "tally_local_day(c.occurred_at, coalesce(a.time_zone, 'UTC'))");
        KEY.put("sub_account", "coalesce(c.sub_account, '')");
        KEY.put("service", "c.service");
        KEY.put("status", "c.status");
        KEY.put("direction", "coalesce(c.direction, '')");
        KEY.put("product", "coalesce(c.product, '')");
        KEY.put("country", "coalesce(c.country, '')");
        KEY.put("city", "coalesce(c.city, '')");
        KEY.put("number", "coalesce(CASE WHEN c.direction = 'INBOUND' THEN c.recipient ELSE c.sender END, '')");
        KEY.put("user_id", "coalesce(c.user_id, '')");
        MEASURES.put("records", "sum(c.records)");
        MEASURES.put("units", "coalesce(sum(c.units), 0)");
        MEASURES.put("segments", "coalesce(sum(c.segments), 0)");
        MEASURES.put("credits", "sum(c.credits)");
        MEASURES.put("cost", "sum(c.cost)");
        for (var key : List.of("account_id", "day", "sub_account")) {
            TOTAL_KEY.put(key, KEY.get(key));
            TOTAL_KEY_OF_ROLLUPS.put(key, "c." + key);
        }
        for (var measure : List.of("records", "units", "segments", "cost")) {
            TOTAL_MEASURES.put(measure, "coalesce(sum(c." + measure + ") FILTER (WHERE c.status <> 'released'), 0)");
        }
        TOTAL_MEASURES.put("credits", "sum(c.credits)");
    }

    private DailyRollup() {
    }

    /**
     * Adds the rows of {@code source} (a FROM item aliased {@code c}) to the rollups: one row per key, in key order
     * (so that two transactions lock rollup rows in the same order), added to what is there.
     */
    public static String addFrom(String source) {
        return add("usage_daily", KEY, MEASURES, source + " LEFT JOIN accounts a ON a.id = c.account_id");
    }

    /**
     * Adds the rows of {@code source} (a FROM item aliased {@code c}, as for {@link #addFrom}) to the daily totals,
     * likewise in key order.
     */
    static String addTotalsFrom(String source) {
        return add("usage_daily_totals", TOTAL_KEY, TOTAL_MEASURES,
                source + " LEFT JOIN accounts a ON a.id = c.account_id");
    }

    /**
     * The writer's addition of the rows {@code c} (a CTE of the statement) to both: the rollups in a CTE of their own,
     * the totals as the statement's end. The totals are written first, then the rollups (PostgreSQL runs a CTE the
     * statement does not read after it), each in key order, the same in every batch.
     */
    static String addBothFrom(String cte) {
        return ", daily AS (\n" + addFrom(cte) + "\n)\n" + addTotalsFrom(cte);
    }

    private static String add(String table, Map<String, String> key, Map<String, String> measures, String from) {
        var keys = String.join(", ", key.keySet());
        var positions = IntStream.rangeClosed(1, key.size()).mapToObj(String::valueOf)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " (" + keys + ", " + String.join(", ", measures.keySet()) + ")\n"
                + "SELECT " + String.join(", ", key.values()) + ", " + String.join(", ", measures.values()) + "\n"
                + "FROM " + from + "\n"
                + "GROUP BY " + positions + "\nORDER BY " + positions + "\n"
                + "ON CONFLICT (" + keys + ") DO UPDATE SET "
                + measures.keySet().stream().map(m -> m + " = " + table + "." + m + " + excluded." + m)
                        .collect(Collectors.joining(", "));
    }

    /**
     * Taken by the writer for every account of its batch before it writes: a rebuild of one of them (which takes
     * {@link #LOCK_ACCOUNT}) waits for the batch, or the batch for the rebuild, so none is counted twice or lost.
     */
    static final String SHARE_ACCOUNTS = "SELECT count(pg_advisory_xact_lock_shared(hashtext('usage_daily'),"
            + " hashtext(a))) FROM (SELECT DISTINCT unnest($1::text[]) AS a ORDER BY 1) s";
    /** Taken by a rebuild of account $1. */
    public static final String LOCK_ACCOUNT = "SELECT pg_advisory_xact_lock(hashtext('usage_daily'), hashtext($1))";
    /** Deletes account $1's rollups and totals (a rebuild, under {@link #LOCK_ACCOUNT}). */
    public static final String DELETE_ACCOUNT = "WITH totals AS (DELETE FROM usage_daily_totals WHERE account_id = $1)\n"
            + "DELETE FROM usage_daily WHERE account_id = $1";
    /**
     * Recomputes account $1's rollups from its records, and its totals from those rollups (a rebuild, after
     * {@link #DELETE_ACCOUNT}); answers {@code rows}, the rollup rows written.
     */
    public static final String REBUILD_ACCOUNT = "WITH daily AS (\n"
            + addFrom("(SELECT " + RECORD_COLUMNS_TEXT + ", 1 AS records FROM usage_records WHERE account_id = $1) c")
            + "\nRETURNING " + String.join(", ", KEY.keySet()) + ", " + String.join(", ", MEASURES.keySet())
            + "\n), totals AS (\n"
            + add("usage_daily_totals", TOTAL_KEY_OF_ROLLUPS, TOTAL_MEASURES, "daily c")
            + "\n)\nSELECT count(*)::int AS rows FROM daily";
}
