package io.tally.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The alert history in PostgreSQL: written by {@link AlertWriter}, read by the history, dismissed per key. */
@Singleton
class AlertRepository {
    private static final String INSERT = """
            INSERT INTO alerts (account_id, id, stream_id, type, state, sub_account, rule_id, "values", at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (account_id, id) DO NOTHING""";
    private static final String COLUMNS = """
            a.account_id, a.id, a.stream_id, a.type, a.state, a.sub_account, a.rule_id, a."values", a.at,
            d.key_id IS NOT NULL AS dismissed""";
    private static final String FROM = """
            FROM alerts a LEFT JOIN alert_dismissals d
              ON d.account_id = a.account_id AND d.alert_id = a.id AND d.key_id = $2
            WHERE a.account_id = $1""";
    private static final String DISMISS = """
            INSERT INTO alert_dismissals (account_id, alert_id, key_id, dismissed_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING""";

    private final Pool client;

    AlertRepository(Pool client) {
        this.client = client;
    }

    Uni<Void> insert(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var rows = alerts.stream().map(alert -> Tuple.from(new Object[] { alert.account(), alert.id(), alert.entry(),
                alert.type(), alert.state(), alert.sub(), alert.rule(), alert.values(), utc(alert.at()) })).toList();
        return client.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid();
    }

    /** One more than a page (to know whether another follows), newest first; office admins: their offices' only. */
    Uni<List<Stored>> page(String account, String keyId, Optional<Set<String>> offices, AlertQuery query) {
        var sql = new StringBuilder("SELECT ").append(COLUMNS).append(" ").append(FROM);
        var args = new ArrayList<Object>(List.of(account, keyId));
        query.type().ifPresent(type -> sql.append(" AND a.type = $").append(add(args, type.wire())));
        query.state().ifPresent(state -> sql.append(" AND a.state = $").append(add(args, state)));
        query.from().ifPresent(from -> sql.append(" AND a.at >= $").append(add(args, utc(from))));
        query.to().ifPresent(to -> sql.append(" AND a.at < $").append(add(args, utc(to))));
        offices.ifPresent(subs -> sql.append(" AND a.sub_account = ANY($").append(add(args, subs.toArray(String[]::new)))
                .append(")"));
        query.after().ifPresent(position -> {
            int at = add(args, utc(position.at()));
            int id = add(args, position.id());
            sql.append(" AND (a.at, a.id) < ($").append(at).append(", $").append(id).append(")");
        });
        sql.append(" ORDER BY a.at DESC, a.id DESC LIMIT ").append(query.limit() + 1);
        return client.preparedQuery(sql.toString()).execute(Tuple.from(args)).map(rows -> {
            var out = new ArrayList<Stored>();
            rows.forEach(row -> out.add(stored(row)));
            return out;
        });
    }

    Uni<Optional<Stored>> find(String account, String keyId, String id) {
        return client.preparedQuery("SELECT " + COLUMNS + " " + FROM + " AND a.id = $3")
                .execute(Tuple.of(account, keyId, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next())));
    }

    Uni<Void> dismiss(String account, String id, String keyId, Instant now) {
        return client.preparedQuery(DISMISS).execute(Tuple.of(account, id, keyId, utc(now))).replaceWithVoid();
    }

    /** An alert as stored, and whether the reading key dismissed it. */
    record Stored(Alert alert, boolean dismissed) {
    }

    private static int add(List<Object> args, Object value) {
        args.add(value);
        return args.size();
    }

    private static Object utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Stored stored(Row row) {
        return new Stored(new Alert(row.getString("stream_id"), row.getString("id"), row.getString("type"),
                row.getString("state"), row.getString("account_id"), row.getString("sub_account"),
                row.getString("rule_id"), row.getString("values"), row.getOffsetDateTime("at").toInstant()),
                row.getBoolean("dismissed"));
    }
}
