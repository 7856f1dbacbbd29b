package io.tally.statement;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads the ledger entries a statement sums (a sub-account's: its own, and the expiries that took from its allocation,
 * which name it in {@code alloc_subs} rather than {@code sub_account}), and keeps the statement schedules and what was sent.
 * Every query filters
 * by account first ({@code ledger_entries_by_account} is a range of {@code (account_id, occurred_at)}).
 */
@Singleton
class StatementRepository {
    private static final String MOVEMENTS = """
            SELECT occurred_at < $2 AS before, type, coalesce(service, '') AS service,
                   CASE WHEN type = 'grant' THEN coalesce(split_part(extra->>'meta', '|', 1), '') ELSE '' END AS kind,
                   coalesce(sum((SELECT coalesce(sum(d), 0) FROM unnest(lot_deltas) AS d)), 0)::bigint AS lots,
                   coalesce(sum(held_delta), 0)::bigint AS held, coalesce(sum(debt_delta), 0)::bigint AS debt,
                   coalesce(sum(spent_delta), 0)::bigint AS spent,
                   coalesce(sum(CASE WHEN $4::text IS NULL OR sub_account = $4 THEN alloc_delta ELSE 0 END
                       + (SELECT coalesce(sum(d), 0) FROM unnest(alloc_subs, alloc_deltas) AS a(s, d) WHERE s = $4)),
                       0)::bigint AS alloc,
                   coalesce(sum(pool_delta), 0)::bigint AS pool,
                   coalesce(sum((extra->>'expired')::bigint) FILTER (WHERE type = 'refresh-credits'), 0)::bigint
                       AS expired
            FROM ledger_entries
            WHERE account_id = $1 AND occurred_at < $3
              AND ($4::text IS NULL OR sub_account = $4 OR $4 = ANY(alloc_subs))
            GROUP BY 1, 2, 3, 4""";

    private static final String PAYMENTS = """
            SELECT id, kind, created_at, credits_micro, amount_minor, currency, status, provider_reference
            FROM payments
            WHERE account_id = $1 AND created_at >= $2 AND created_at < $3 AND ($4::text IS NULL OR sub_account = $4)
            ORDER BY created_at, id""";

    private final Pool client;

    StatementRepository(Pool client) {
        this.client = client;
    }

    /** The payments the account (or the sub-account, for its office) made from {@code from} to {@code to}. */
    Uni<List<PaymentLine>> payments(String account, String subAccount, Instant from, Instant to) {
        return client.preparedQuery(PAYMENTS).execute(Tuple.of(account, utc(from), utc(to), subAccount))
                .map(rows -> {
                    var payments = new ArrayList<PaymentLine>();
                    for (var row : rows) {
                        payments.add(new PaymentLine(row.getString("id"), row.getString("kind"),
                                row.getOffsetDateTime("created_at").toInstant(), row.getLong("credits_micro"),
                                row.getLong("amount_minor"), row.getString("currency"), row.getString("status"),
                                row.getString("provider_reference")));
                    }
                    return payments;
                });
    }

    /** The account's (or sub-account's) entries before {@code to}, summed apart before {@code from} and after. */
    Uni<List<Movement>> movements(String account, String subAccount, Instant from, Instant to) {
        return client.preparedQuery(MOVEMENTS).execute(Tuple.of(account, utc(from), utc(to), subAccount))
                .map(rows -> {
                    var movements = new ArrayList<Movement>();
                    for (var row : rows) {
                        movements.add(new Movement(row.getBoolean("before"), row.getString("type"),
                                row.getString("service"), row.getString("kind"), row.getLong("lots"),
                                row.getLong("held"), row.getLong("debt"), row.getLong("spent"), row.getLong("alloc"),
                                row.getLong("pool"), row.getLong("expired")));
                    }
                    return movements;
                });
    }

    Uni<Optional<Schedule>> schedule(String account) {
        return client.preparedQuery("SELECT * FROM statement_schedules WHERE account_id = $1")
                .execute(Tuple.of(account))
                .map(rows -> rows.size() == 0 ? Optional.<Schedule> empty()
                        : Optional.of(schedule(rows.iterator().next())));
    }

    Uni<Schedule> saveSchedule(Schedule schedule, Instant now) {
        return client.preparedQuery("""
                INSERT INTO statement_schedules (account_id, frequency, recipients, updated_at)
                VALUES ($1, $2, $3, $4)
                ON CONFLICT (account_id) DO UPDATE SET frequency = excluded.frequency,
                    recipients = excluded.recipients, updated_at = excluded.updated_at""")
                .execute(Tuple.of(schedule.account(), schedule.frequency().label(),
                        schedule.recipients().toArray(String[]::new), utc(now)))
                .replaceWith(schedule);
    }

    Uni<Boolean> deleteSchedule(String account) {
        return client.preparedQuery("DELETE FROM statement_schedules WHERE account_id = $1")
                .execute(Tuple.of(account)).map(rows -> rows.rowCount() > 0);
    }

    /** Schedules after {@code after} (by account id), a page at a time. */
    Uni<List<Schedule>> schedules(String after, int limit) {
        return client.preparedQuery(
                "SELECT * FROM statement_schedules WHERE account_id > $1 ORDER BY account_id LIMIT $2")
                .execute(Tuple.of(after, limit)).map(rows -> {
                    var schedules = new ArrayList<Schedule>();
                    rows.forEach(row -> schedules.add(schedule(row)));
                    return schedules;
                });
    }

    /**
     * Claims the sending of one period's statement: true when no replica sent it and none claimed it less than
     * {@code lease} ago (a replica that died mid-send is taken over after its lease).
     */
    Uni<Boolean> claim(String account, String period, Instant now, Instant staleBefore) {
        return client.preparedQuery("""
                INSERT INTO statement_deliveries (account_id, period, claimed_at)
                VALUES ($1, $2, $3)
                ON CONFLICT (account_id, period) DO UPDATE SET claimed_at = excluded.claimed_at
                    WHERE statement_deliveries.sent_at IS NULL AND statement_deliveries.claimed_at < $4""")
                .execute(Tuple.of(account, period, utc(now), utc(staleBefore))).map(rows -> rows.rowCount() == 1);
    }

    Uni<Void> sent(String account, String period, List<String> recipients, Instant now) {
        return client.preparedQuery("""
                UPDATE statement_deliveries SET sent_at = $3, recipients = $4
                WHERE account_id = $1 AND period = $2""")
                .execute(Tuple.of(account, period, utc(now), recipients.toArray(String[]::new))).replaceWithVoid();
    }

    /** Gives a claim back at once (the send failed): the next run tries again. */
    Uni<Void> release(String account, String period) {
        return client.preparedQuery(
                "DELETE FROM statement_deliveries WHERE account_id = $1 AND period = $2 AND sent_at IS NULL")
                .execute(Tuple.of(account, period)).replaceWithVoid();
    }

    private static Schedule schedule(Row row) {
        return new Schedule(row.getString("account_id"), Frequency.parse(row.getString("frequency")),
                List.of(row.getArrayOfStrings("recipients")));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
