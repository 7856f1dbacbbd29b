package io.tally.pricing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/** Rate cards in PostgreSQL. An account's card is {@code account}; the default card is an empty account. */
@Singleton
class RateRepository {
    private static final String COLUMNS = "service, sub_type, direction, country, rate_micro, first_increment, next_increment, updated_at";
    private static final String FIND_DEFAULT = "SELECT " + COLUMNS + " FROM rates WHERE account_id IS NULL";
    /** One row with null columns for an account without rates; no row at all for an unknown account. */
    private static final String FIND_FOR_ACCOUNT = """
            SELECT r.service, r.sub_type, r.direction, r.country, r.rate_micro, r.first_increment, r.next_increment, r.updated_at
            FROM accounts a LEFT JOIN rates r ON r.account_id = a.id
            WHERE a.id = $1""";
    /** Serializes replacements of one card, so that two concurrent PUTs never interleave their rows. */
    private static final String LOCK_CARD = "SELECT pg_advisory_xact_lock(hashtext('rates:' || $1))";
    private static final String ACCOUNT_EXISTS = "SELECT 1 FROM accounts WHERE id = $1";
    private static final String DELETE_CARD = "DELETE FROM rates WHERE coalesce(account_id, '') = $1";
    private static final String INSERT = """
            INSERT INTO rates (account_id, service, direction, country, rate_micro, first_increment, next_increment,
                               updated_at, sub_type)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";

    private final Pool client;

    RateRepository(Pool client) {
        this.client = client;
    }

    /** The card, or empty when {@code account} names no account. */
    Uni<Optional<StoredCard>> find(Optional<String> account) {
        return account.isEmpty()
                ? client.query(FIND_DEFAULT).execute().map(rows -> Optional.of(toCard(rows)))
                : client.preparedQuery(FIND_FOR_ACCOUNT).execute(Tuple.of(account.get()))
                        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toCard(rows)));
    }

    /** Replaces the card in one transaction; empty (and nothing written) when {@code account} names no account. */
    Uni<Optional<StoredCard>> replace(Optional<String> account, RateCard card, Instant now) {
        return client.withTransaction(connection -> replaceIn(connection, account, card, now))
                .map(written -> written ? Optional.of(new StoredCard(card, Optional.of(now))) : Optional.empty());
    }

    private static Uni<Boolean> replaceIn(SqlConnection connection, Optional<String> account, RateCard card,
            Instant now) {
        return connection.preparedQuery(LOCK_CARD).execute(Tuple.of(account.orElse("")))
                .chain(() -> exists(connection, account))
                .chain(exists -> exists ? rewrite(connection, account, card, now) : Uni.createFrom().item(false));
    }

    private static Uni<Boolean> exists(SqlConnection connection, Optional<String> account) {
        if (account.isEmpty()) {
            return Uni.createFrom().item(true);
        }
        return connection.preparedQuery(ACCOUNT_EXISTS).execute(Tuple.of(account.get()))
                .map(rows -> rows.size() > 0);
    }

    private static Uni<Boolean> rewrite(SqlConnection connection, Optional<String> account, RateCard card,
            Instant now) {
        var rows = card.rates().stream().map(rate -> toTuple(account, rate, now)).toList();
        return connection.preparedQuery(DELETE_CARD).execute(Tuple.of(account.orElse("")))
                .chain(() -> rows.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : connection.preparedQuery(INSERT).executeBatch(rows).replaceWithVoid())
                .replaceWith(true);
    }

    private static Tuple toTuple(Optional<String> account, Rate rate, Instant now) {
        var key = rate.key();
        var billing = rate.billing();
        return Tuple.from(Arrays.asList(account.orElse(null), key.service().name(), key.direction().label(),
                key.country(), rate.micros(), billing.map(Billing::first).orElse(null),
                billing.map(Billing::next).orElse(null), now.atOffset(ZoneOffset.UTC), key.subType().orElse("")));
    }

    private static StoredCard toCard(RowSet<Row> rows) {
        var rates = new ArrayList<Rate>(rows.size());
        Instant updatedAt = null;
        for (var row : rows) {
            if (row.getString("service") == null) {
                continue;
            }
            rates.add(toRate(row));
            var rowUpdated = row.getOffsetDateTime("updated_at").toInstant();
            updatedAt = updatedAt == null || rowUpdated.isAfter(updatedAt) ? rowUpdated : updatedAt;
        }
        return new StoredCard(RateCard.of(rates), Optional.ofNullable(updatedAt));
    }

    private static Rate toRate(Row row) {
        var key = new RateKey(new ServiceName(row.getString("service")),
                Direction.parse(row.getString("direction")).orElseThrow(), row.getString("country"),
                Optional.of(row.getString("sub_type")).filter(type -> !type.isEmpty()));
        var first = row.getInteger("first_increment");
        var billing = first == null
                ? Optional.<Billing> empty()
                : Optional.of(new Billing(first, row.getInteger("next_increment")));
        return new Rate(key, row.getLong("rate_micro"), billing);
    }
}
