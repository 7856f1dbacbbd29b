package io.tally.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

@Singleton
class AlertRuleRepository {
    private static final String COLUMNS = """
            account_id, id, type, threshold_micro, percent, days, sub_account, kinds, service, kind, enabled, created_at,
            updated_at""";
    private static final String LIST = "SELECT " + COLUMNS + " FROM alert_rules WHERE account_id = $1 ORDER BY id";
    private static final String FIND = "SELECT " + COLUMNS + " FROM alert_rules WHERE account_id = $1 AND id = $2";
    private static final String UPSERT = """
            INSERT INTO alert_rules (account_id, id, type, threshold_micro, percent, days, sub_account, kinds, service,
                                     kind, enabled, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (account_id, id) DO UPDATE SET threshold_micro = $4, percent = $5, days = $6,
                sub_account = $7, kinds = $8, service = $9, kind = $10, enabled = $11, updated_at = $13""";
    private static final String DELETE = "DELETE FROM alert_rules WHERE account_id = $1 AND id = $2";
    private static final String COUNT = "SELECT count(*) FROM alert_rules WHERE account_id = $1";

    private final Pool client;

    AlertRuleRepository(Pool client) {
        this.client = client;
    }

    Uni<List<AlertRule>> list(String account) {
        return client.preparedQuery(LIST).execute(Tuple.of(account)).map(AlertRuleRepository::rules);
    }

    Uni<Optional<AlertRule>> find(String account, String id) {
        return client.preparedQuery(FIND).execute(Tuple.of(account, id))
                .map(rows -> rules(rows).stream().findFirst());
    }

    Uni<Long> count(String account) {
        return client.preparedQuery(COUNT).execute(Tuple.of(account)).map(rows -> rows.iterator().next().getLong(0));
    }

    Uni<Void> save(AlertRule rule) {
        return client.preparedQuery(UPSERT)
                .execute(Tuple.from(new Object[] { rule.account(), rule.id(), rule.type().wire(),
                        rule.threshold().isPresent() ? rule.threshold().getAsLong() : null,
                        rule.percent().isPresent() ? rule.percent().getAsInt() : null,
                        rule.days().isPresent() ? rule.days().getAsInt() : null, rule.subAccount().orElse(null),
                        rule.kinds().toArray(String[]::new), rule.service().orElse(null), rule.kind().orElse(null),
                        rule.enabled(), utc(rule.createdAt()),
                        utc(rule.updatedAt()) }))
                .replaceWithVoid();
    }

    Uni<Boolean> delete(String account, String id) {
        return client.preparedQuery(DELETE).execute(Tuple.of(account, id)).map(rows -> rows.rowCount() > 0);
    }

    private static Object utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static List<AlertRule> rules(RowSet<Row> rows) {
        var out = new java.util.ArrayList<AlertRule>();
        for (var row : rows) {
            out.add(rule(row));
        }
        return out;
    }

    private static AlertRule rule(Row row) {
        var threshold = row.getLong("threshold_micro");
        var percent = row.getInteger("percent");
        var days = row.getInteger("days");
        return new AlertRule(row.getString("account_id"), row.getString("id"),
                AlertType.of(row.getString("type")).orElseThrow(),
                threshold == null ? OptionalLong.empty() : OptionalLong.of(threshold),
                percent == null ? OptionalInt.empty() : OptionalInt.of(percent),
                days == null ? OptionalInt.empty() : OptionalInt.of(days),
                Optional.ofNullable(row.getString("sub_account")), Arrays.asList(row.getArrayOfStrings("kinds")),
                Optional.ofNullable(row.getString("service")), Optional.ofNullable(row.getString("kind")),
                row.getBoolean("enabled"), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
