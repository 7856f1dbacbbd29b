package io.tally.usage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The daily rollups of the usage records ({@code usage_daily}, docs/reports.md): how a record's columns become a
 * rollup's key and measures, stated once for the writer (which adds the records it just wrote) and the rebuild
 * (which sums them all). The statement reads rows {@code c} of usage-record columns plus {@code records} (+1 for a
 * record, −1 for a record that left the row), joined to the account {@code a} for its time zone.
 */
public final class DailyRollup {
    /** The record columns a source must offer (beside {@code records}). */
    static final String RECORD_COLUMNS_TEXT = "account_id, occurred_at, sub_account, service, status, direction, product,"
            + " country, city, sender, recipient, user_id, units, segments, credits, cost";

    /** The rollup's key columns and the expression of each over a row {@code c}, in primary-key order. */
    static final Map<String, String> KEY = new LinkedHashMap<>();
    /** The measures: summed. */
    static final Map<String, String> MEASURES = new LinkedHashMap<>();

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
    }

    private DailyRollup() {
    }

    /**
     * Adds the rows of {@code source} (a FROM item aliased {@code c}) to the rollups: one row per key, in key order
     * (so that two transactions lock rollup rows in the same order), added to what is there.
     */
    public static String addFrom(String source) {
        var keys = String.join(", ", KEY.keySet());
        var positions = IntStream.rangeClosed(1, KEY.size()).mapToObj(String::valueOf)
                .collect(Collectors.joining(", "));
        return "INSERT INTO usage_daily (" + keys + ", " + String.join(", ", MEASURES.keySet()) + ")\n"
                + "SELECT " + String.join(", ", KEY.values()) + ", " + String.join(", ", MEASURES.values()) + "\n"
                + "FROM " + source + " LEFT JOIN accounts a ON a.id = c.account_id\n"
                + "GROUP BY " + positions + "\nORDER BY " + positions + "\n"
                + "ON CONFLICT (" + keys + ") DO UPDATE SET "
                + MEASURES.keySet().stream().map(m -> m + " = usage_daily." + m + " + excluded." + m)
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
    /** Deletes account $1's rollups (a rebuild, under {@link #LOCK_ACCOUNT}). */
    public static final String DELETE_ACCOUNT = "DELETE FROM usage_daily WHERE account_id = $1";
    /** Recomputes account $1's rollups from its records (a rebuild, after {@link #DELETE_ACCOUNT}). */
    public static final String REBUILD_ACCOUNT = addFrom("(SELECT " + DailyRollup.RECORD_COLUMNS_TEXT
            + ", 1 AS records FROM usage_records WHERE account_id = $1) c");

}
