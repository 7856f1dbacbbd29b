package io.tally.fee;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.platform.Labels;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Fees and their charges ({@code fees}, {@code fee_charges}; V24). */
@Singleton
class FeeRepository {
    private static final String COLUMNS = """
            account_id, id, sub_account_id, name, kind, service, amount, quantity, months, starts_at, ends_at,
            next_due, created_at, updated_at""";
    private static final String LIST = "SELECT " + COLUMNS + " FROM fees WHERE account_id = $1 ORDER BY id";
    private static final String FIND = "SELECT " + COLUMNS + " FROM fees WHERE account_id = $1 AND id = $2";
    private static final String DUE = "SELECT " + COLUMNS
            + " FROM fees WHERE next_due IS NOT NULL AND next_due <= $1 ORDER BY next_due, account_id, id LIMIT $2";
    private static final String UPSERT = """
            INSERT INTO fees (account_id, id, sub_account_id, name, kind, service, amount, quantity, months, starts_at,
                              ends_at, next_due, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
            ON CONFLICT (account_id, id) DO UPDATE SET
                sub_account_id = EXCLUDED.sub_account_id, name = EXCLUDED.name, kind = EXCLUDED.kind,
                service = EXCLUDED.service, amount = EXCLUDED.amount, quantity = EXCLUDED.quantity,
                months = EXCLUDED.months, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
                next_due = EXCLUDED.next_due, updated_at = EXCLUDED.updated_at
            RETURNING\s""" + COLUMNS;
    private static final String CHARGED_UNTIL = """
            SELECT max(period_end) AS until FROM fee_charges WHERE account_id = $1 AND fee_id = $2""";
    private static final String END = """
            UPDATE fees SET ends_at = $3, updated_at = $3,
                            next_due = CASE WHEN next_due >= $3 THEN NULL ELSE next_due END
             WHERE account_id = $1 AND id = $2 RETURNING\s""" + COLUMNS;
    private static final String RECORD = """
            INSERT INTO fee_charges (account_id, fee_id, period_start, period_end, quantity, amount, idempotency_key,
                                     debt_incurred, charged_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            ON CONFLICT (account_id, fee_id, period_start) DO NOTHING""";
    /** Moves the fee on only from the period just charged: a racing replica that moved it first wins. */
    private static final String ADVANCE = """
            UPDATE fees SET next_due = CASE WHEN ends_at IS NOT NULL AND $4 >= ends_at THEN NULL ELSE $4 END
             WHERE account_id = $1 AND id = $2 AND next_due = $3""";
    private static final String CHARGES = """
            SELECT period_start, period_end, quantity, amount, idempotency_key, debt_incurred, charged_at
              FROM fee_charges WHERE account_id = $1 AND fee_id = $2 ORDER BY period_start DESC LIMIT $3""";

    private final Pool client;

    FeeRepository(Pool client) {
        this.client = client;
    }

    Uni<List<Fee>> list(String account) {
        return client.preparedQuery(LIST).execute(Tuple.of(account)).map(FeeRepository::fees);
    }

    Uni<Optional<Fee>> find(String account, String id) {
        return client.preparedQuery(FIND).execute(Tuple.of(account, id))
                .map(rows -> fees(rows).stream().findFirst());
    }

    Uni<List<Fee>> due(Instant now, int limit) {
        return client.preparedQuery(DUE).execute(Tuple.of(utc(now), limit)).map(FeeRepository::fees);
    }

    /** The end of the last period charged, if any was. */
    Uni<Optional<Instant>> chargedUntil(String account, String id) {
        return client.preparedQuery(CHARGED_UNTIL).execute(Tuple.of(account, id))
                .map(rows -> Optional.ofNullable(rows.iterator().next().getOffsetDateTime("until"))
                        .map(OffsetDateTime::toInstant));
    }

    Uni<Fee> upsert(Fee fee) {
        var values = Arrays.<Object> asList(fee.account(), fee.id(), fee.subAccount().orElse(null), fee.name(),
                Labels.of(fee.kind()), fee.service(), fee.amount(),
                fee.quantity().isPresent() ? fee.quantity().getAsLong() : null, fee.months(), utc(fee.startsAt()),
                fee.endsAt().map(FeeRepository::utc).orElse(null), fee.nextDue().map(FeeRepository::utc).orElse(null),
                utc(fee.updatedAt()));
        return client.preparedQuery(UPSERT).execute(Tuple.from(values)).map(rows -> fees(rows).get(0));
    }

    Uni<Optional<Fee>> end(String account, String id, Instant at) {
        return client.preparedQuery(END).execute(Tuple.of(account, id, utc(at)))
                .map(rows -> fees(rows).stream().findFirst());
    }

    /** Records the charge of a period and moves the fee on to the next, in one transaction. */
    Uni<Void> charged(Fee fee, FeeCharge charge, Instant next) {
        var values = Arrays.<Object> asList(fee.account(), fee.id(), utc(charge.periodStart()),
                utc(charge.periodEnd()), charge.quantity(), charge.amount(), charge.idempotencyKey(),
                charge.debtIncurred(), utc(charge.chargedAt()));
        return client.withTransaction(connection -> connection.preparedQuery(RECORD).execute(Tuple.from(values))
                .chain(() -> connection.preparedQuery(ADVANCE).execute(
                        Tuple.of(fee.account(), fee.id(), utc(charge.periodStart()), utc(next))))
                .replaceWithVoid());
    }

    Uni<List<FeeCharge>> charges(String account, String id, int limit) {
        return client.preparedQuery(CHARGES).execute(Tuple.of(account, id, limit)).map(rows -> {
            var found = new ArrayList<FeeCharge>(rows.size());
            rows.forEach(row -> found.add(new FeeCharge(row.getOffsetDateTime("period_start").toInstant(),
                    row.getOffsetDateTime("period_end").toInstant(), row.getLong("quantity"), row.getLong("amount"),
                    row.getString("idempotency_key"), row.getLong("debt_incurred"),
                    row.getOffsetDateTime("charged_at").toInstant())));
            return found;
        });
    }

    private static List<Fee> fees(RowSet<Row> rows) {
        var found = new ArrayList<Fee>(rows.size());
        rows.forEach(row -> found.add(fee(row)));
        return found;
    }

    private static Fee fee(Row row) {
        var quantity = row.getLong("quantity");
        return new Fee(row.getString("account_id"), row.getString("id"),
                Optional.ofNullable(row.getString("sub_account_id")), row.getString("name"),
                Labels.parse("kind", row.getString("kind"), FeeKind.class), row.getString("service"),
                row.getLong("amount"), quantity == null ? OptionalLong.empty() : OptionalLong.of(quantity),
                row.getInteger("months"), row.getOffsetDateTime("starts_at").toInstant(),
                instant(row, "ends_at"), instant(row, "next_due"), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }

    private static Optional<Instant> instant(Row row, String column) {
        return Optional.ofNullable(row.getOffsetDateTime(column)).map(OffsetDateTime::toInstant);
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
