package io.tally.reconciliation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The differences between an account's hash in Redis and the one its ledger entries in PostgreSQL describe
 * ({@link LedgerSums#hash()}). Every field but {@code meta:<lot>} is a number, and a number Redis does not hold is 0
 * (the scripts never write a zero increment), so an absent field equals "0". Metas are compared as text. A lot's
 * next refresh boundary ({@code cycle:<lot>}) is schedule state, not money, and not in the entries: not compared;
 * nor is the account's spend per period of its spending limit ({@code aspend:<period>}), which no entry carries.
 */
public final class Reconciliation {
    private Reconciliation() {
    }

    /** One field that differs; a side that does not hold the field has {@code null}. */
    public record Difference(String field, String redis, String postgres) {
    }

    /** Every differing field, in field order. */
    public static List<Difference> differences(Map<String, String> redis, Map<String, String> postgres) {
        var fields = new TreeSet<String>(redis.keySet());
        fields.addAll(postgres.keySet());
        var differences = new ArrayList<Difference>();
        for (var field : fields) {
            if (field.startsWith("cycle:") || field.startsWith("aspend:")) {
                continue;
            }
            var inRedis = redis.get(field);
            var inPostgres = postgres.get(field);
            if (!same(field, inRedis, inPostgres)) {
                differences.add(new Difference(field, inRedis, inPostgres));
            }
        }
        return differences;
    }

    private static boolean same(String field, String redis, String postgres) {
        if (field.startsWith("meta:")) {
            return Objects.equals(redis, postgres);
        }
        var a = number(redis);
        var b = number(postgres);
        return a != null && b != null ? a.longValue() == b.longValue() : Objects.equals(redis, postgres);
    }

    /** The field's value as a number, 0 when absent, null when it is not a number (never equal to one). */
    private static Long number(String value) {
        if (value == null) {
            return 0L;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
