package io.tally.history;

import static java.util.stream.Collectors.joining;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rows of {@code usage_records} and {@code ledger_entries} written straight into PostgreSQL, as the usage writer
 * would leave them: small builders with plausible defaults, each column overridable.
 */
final class HistoryRows {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Pool db;

    HistoryRows(Pool db) {
        this.db = db;
    }

    /** A row to insert; {@code set} overrides a column, {@code json} sets a jsonb column from its text. */
    static final class Row {
        final String table;
        final Map<String, Object> columns = new LinkedHashMap<>();

        Row(String table) {
            this.table = table;
        }

        Row set(String column, Object value) {
            columns.put(column, value instanceof String text && column.endsWith("_at") ? OffsetDateTime.parse(text)
                    : value);
            return this;
        }

        Row json(String column, String text) {
            columns.put(column, new JsonObject(text));
            return this;
        }
    }

    /** A committed outbound SMS to Italy that cost 0.045 credits, paid by lot {@code lot-1}. */
    static Row usage(String account, String id, String occurredAt) {
        return new Row("usage_records").set("id", id).set("occurred_at", occurredAt).set("account_id", account)
                .set("kind", "reservation").set("status", "committed").set("service", "SMS")
                .set("direction", "OUTBOUND").set("country", "IT").set("cost", 45_000L).set("credits", 45_000L)
                .set("charges", "lot-1:45000");
    }

    /** A reserve of 0.045 credits for SMS from lot {@code lot-1}. */
    static Row entry(String account, String eventId, String occurredAt) {
        return new Row("ledger_entries").set("event_id", eventId).set("occurred_at", occurredAt)
                .set("account_id", account).set("type", "reserve").set("service", "SMS").set("amount", 45_000L)
                .set("stream_id", "1700000000000-0");
    }

    /**
     * {@code n} committed SMS of sub-account rome, one a second from 2026-03-01T00:00:00Z, ids {@code <account>.<i>},
     * and as many voice calls of milan at the same instants.
     */
    void bulk(String account, int n) {
        db.preparedQuery("SELECT tally_ensure_month('2026-03-01T00:00:00Z')").execute().await().atMost(TIMEOUT);
        db.preparedQuery("""
                INSERT INTO usage_records (id, occurred_at, account_id, sub_account, kind, status, service, direction,
                                           recipient, country, cost, credits, charges)
                SELECT $1 || '.' || i, timestamptz '2026-03-01T00:00:00Z' + i * interval '1 second', $1, 'rome',
                       'reservation', 'committed', 'SMS', 'OUTBOUND', '+39347' || i, 'IT', 45000, 45000, 'lot-1:45000'
                FROM generate_series(1, $2) AS i
                UNION ALL
                SELECT $1 || '.v' || i, timestamptz '2026-03-01T00:00:00Z' + i * interval '1 second', $1, 'milan',
                       'meter', 'committed', 'VOICE', 'OUTBOUND', '+39348' || i, 'IT', 10000, 10000, ''
                FROM generate_series(1, $2) AS i""")
                .execute(Tuple.of(account, n)).await().atMost(TIMEOUT);
    }

    void insert(Row... rows) {
        for (var row : rows) {
            db.preparedQuery("SELECT tally_ensure_month($1)").execute(Tuple.of(row.columns.get("occurred_at")))
                    .await().atMost(TIMEOUT);
            var placeholders = IntStream.rangeClosed(1, row.columns.size()).mapToObj(i -> "$" + i).collect(joining(", "));
            db.preparedQuery("INSERT INTO " + row.table + " (" + String.join(", ", row.columns.keySet())
                    + ") VALUES (" + placeholders + ")")
                    .execute(Tuple.from(new ArrayList<>(row.columns.values())))
                    .await().atMost(TIMEOUT);
        }
    }
}
