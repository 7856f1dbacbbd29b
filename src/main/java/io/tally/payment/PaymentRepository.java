package io.tally.payment;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.platform.Keyset;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Payments and their events. A payment's row is written before the provider is asked, so a crash loses nothing. */
@Singleton
class PaymentRepository {
    private static final String COLUMNS = """
            id, account_id, sub_account, kind, package_id, credits_micro, amount_minor, currency, payment_method,
            provider, status, provider_reference, lot_id, attempts, failure, created_at""";
    private static final String INSERT = """
            INSERT INTO payments (id, account_id, sub_account, kind, package_id, credits_micro, amount_minor, currency,
                                  payment_method, provider, status, attempts, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', 0, $11, $11)
            ON CONFLICT (account_id, id) DO NOTHING""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM payments WHERE account_id = $2 AND id = $1";
    private static final String ATTEMPT = """
            UPDATE payments SET attempts = attempts + 1, updated_at = $2
            WHERE account_id = $3 AND id = $1 AND status = 'pending'
            RETURNING attempts""";
    private static final String SUCCEEDED = """
            UPDATE payments SET status = 'succeeded', provider_reference = $2, failure = NULL, updated_at = $3
            WHERE account_id = $4 AND id = $1""";
    private static final String FAILED = """
            UPDATE payments SET status = 'failed', failure = $2, updated_at = $3
            WHERE account_id = $4 AND id = $1 AND status = 'pending'""";
    private static final String FAILURE = """
            UPDATE payments SET failure = $2, updated_at = $3 WHERE account_id = $4 AND id = $1""";
    private static final String GRANTED = """
            UPDATE payments SET lot_id = $2, updated_at = $3 WHERE account_id = $4 AND id = $1""";
    private static final String RECHARGED = """
            SELECT COALESCE(SUM(credits_micro), 0) AS total FROM payments
            WHERE account_id = $1 AND kind = 'recharge' AND status <> 'failed' AND created_at >= $2""";
    private static final String PAGE = "SELECT " + COLUMNS + """
             FROM payments
            WHERE account_id = $1 AND ($2::text[] IS NULL OR sub_account = ANY($2))
              AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
            ORDER BY created_at DESC, id DESC LIMIT $5""";
    /** Purchases left unfinished since before $1: pending, or paid but not granted; oldest first. */
    private static final String UNFINISHED_PURCHASES = "SELECT " + COLUMNS + """
             FROM payments
            WHERE kind = 'purchase' AND updated_at < $1
              AND (status = 'pending' OR status = 'succeeded' AND lot_id IS NULL)
            ORDER BY updated_at, id LIMIT $2""";
    private static final String EVENT = """
            INSERT INTO payment_events (account_id, payment_id, at, type, detail) VALUES ($5, $1, $2, $3, $4)""";

    private final Pool client;

    PaymentRepository(Pool client) {
        this.client = client;
    }

    /** Inserts a pending payment unless one with its id exists; answers the payment as stored. */
    Uni<Payment> insert(Payment payment) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] { payment.id(), payment.account(), payment.subAccount().orElse(null),
                        payment.kind().name().toLowerCase(Locale.ROOT), payment.packageId().orElse(null),
                        payment.credits(), payment.amountMinor(), payment.currency(), payment.paymentMethod(),
                        payment.provider(), utc(payment.createdAt()) }))
                .chain(() -> find(payment.account(), payment.id()))
                .map(Optional::orElseThrow);
    }

    Uni<Optional<Payment>> find(String account, String id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id, account))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(payment(rows.iterator().next())));
    }

    /** Up to {@code limit} purchases untouched since before {@code before} and still pending, or paid and not granted. */
    Uni<List<Payment>> unfinishedPurchases(Instant before, int limit) {
        return client.preparedQuery(UNFINISHED_PURCHASES)
                .execute(Tuple.of(utc(before), limit))
                .map(rows -> {
                    var list = new java.util.ArrayList<Payment>(rows.size());
                    rows.forEach(row -> list.add(payment(row)));
                    return list;
                });
    }

    /** Counts an attempt at the provider; the attempts so far, or empty when the payment is no longer pending. */
    Uni<Optional<Integer>> attempt(String account, String id, Instant now) {
        return client.preparedQuery(ATTEMPT).execute(Tuple.of(id, utc(now), account))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getInteger("attempts")));
    }

    Uni<Void> succeeded(String account, String id, String reference, Instant now) {
        return client.preparedQuery(SUCCEEDED).execute(Tuple.of(id, reference, utc(now), account)).replaceWithVoid();
    }

    Uni<Void> failed(String account, String id, String reason, Instant now) {
        return client.preparedQuery(FAILED).execute(Tuple.of(id, reason, utc(now), account)).replaceWithVoid();
    }

    /** The reason of the last failed attempt, while the payment stays pending. */
    Uni<Void> failure(String account, String id, String reason, Instant now) {
        return client.preparedQuery(FAILURE).execute(Tuple.of(id, reason, utc(now), account)).replaceWithVoid();
    }

    Uni<Void> granted(String account, String id, String lot, Instant now) {
        return client.preparedQuery(GRANTED).execute(Tuple.of(id, lot, utc(now), account)).replaceWithVoid();
    }

    /** Credits recharged (pending or succeeded) since {@code since}. */
    Uni<Long> rechargedSince(String account, Instant since) {
        return client.preparedQuery(RECHARGED).execute(Tuple.of(account, utc(since)))
                .map(rows -> rows.iterator().next().getLong("total"));
    }

    /** Up to {@code limit + 1} payments after the query's position, newest first; {@code offices} narrows them. */
    Uni<List<Payment>> page(String account, Optional<Set<String>> offices, PaymentQuery query) {
        var after = query.after();
        return client.preparedQuery(PAGE)
                .execute(Tuple.from(new Object[] { account,
                        offices.map(set -> set.toArray(String[]::new)).orElse(null),
                        after.map(p -> utc(p.at())).orElse(null), after.map(Keyset::id).orElse(""),
                        query.limit() + 1 }))
                .map(rows -> {
                    var list = new ArrayList<Payment>();
                    rows.forEach(row -> list.add(payment(row)));
                    return List.copyOf(list);
                });
    }

    Uni<Void> event(String account, String payment, Instant at, String type, String detail) {
        return client.preparedQuery(EVENT).execute(Tuple.of(payment, utc(at), type, detail, account))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Payment payment(Row row) {
        return new Payment(row.getString("id"), row.getString("account_id"),
                Optional.ofNullable(row.getString("sub_account")),
                Payment.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
                Optional.ofNullable(row.getString("package_id")), row.getLong("credits_micro"),
                row.getLong("amount_minor"), row.getString("currency"), row.getString("payment_method"),
                row.getString("provider"), Payment.Status.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                Optional.ofNullable(row.getString("provider_reference")), Optional.ofNullable(row.getString("lot_id")),
                row.getInteger("attempts"), Optional.ofNullable(row.getString("failure")),
                row.getOffsetDateTime("created_at").toInstant());
    }
}
