package io.tally.carrier;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The number directory: which account and sub-account own each number. */
@Singleton
public class NumberRepository {
    private static final String COLUMNS = "number, account_id, sub_account_id, product, user_label";
    private static final String FIND = "SELECT " + COLUMNS + " FROM numbers WHERE number = $1";
    private static final String LIST = "SELECT " + COLUMNS + " FROM numbers WHERE account_id = $1 ORDER BY number";
    private static final String TAKEN = """
            SELECT number, account_id FROM numbers WHERE number = ANY($1) AND account_id <> $2 ORDER BY number LIMIT 1""";
    private static final String COUNT = """
            SELECT count(*) AS n FROM numbers WHERE account_id = $1 AND ($2::text IS NULL OR sub_account_id = $2)""";
    private static final String CLEAR = "DELETE FROM numbers WHERE account_id = $1";
    private static final String INSERT = """
            INSERT INTO numbers (number, account_id, sub_account_id, product, user_label, assigned_at)
            VALUES ($1, $2, $3, $4, $5, $6)""";

    private final Pool client;

    NumberRepository(Pool client) {
        this.client = client;
    }

    Uni<Optional<AssignedNumber>> find(String number) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(number))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toNumber(rows.iterator().next())));
    }

    Uni<List<AssignedNumber>> list(String account) {
        return client.preparedQuery(LIST)
                .execute(Tuple.of(account))
                .map(rows -> {
                    var numbers = new ArrayList<AssignedNumber>(rows.size());
                    rows.forEach(row -> numbers.add(toNumber(row)));
                    return numbers;
                });
    }

    /** How many numbers the account holds (only those of {@code subAccount}, when given): a number rental's units. */
    public Uni<Long> count(String account, Optional<String> subAccount) {
        return client.preparedQuery(COUNT)
                .execute(Tuple.of(account, subAccount.orElse(null)))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** The first of these numbers another account owns, if any. */
    Uni<Optional<AssignedNumber>> takenByAnother(String account, List<AssignedNumber> numbers) {
        var wanted = numbers.stream().map(AssignedNumber::number).toArray(String[]::new);
        return client.preparedQuery(TAKEN)
                .execute(Tuple.of(wanted, account))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(new AssignedNumber(
                                rows.iterator().next().getString("number"), rows.iterator().next().getString("account_id"),
                                null, null, null)));
    }

    /** Replaces the account's numbers in one transaction. */
    Uni<Void> replace(String account, List<AssignedNumber> numbers, Instant at) {
        var batch = numbers.stream().map(n -> Tuple.from(Arrays.<Object> asList(n.number(), account,
                n.subAccount(), n.product(), n.user(), at.atOffset(ZoneOffset.UTC)))).toList();
        return client.withTransaction(connection -> connection.preparedQuery(CLEAR).execute(Tuple.of(account))
                .chain(() -> batch.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : connection.preparedQuery(INSERT).executeBatch(batch).replaceWithVoid()));
    }

    private static AssignedNumber toNumber(Row row) {
        return new AssignedNumber(row.getString("number"), row.getString("account_id"), row.getString("sub_account_id"),
                row.getString("product"), row.getString("user_label"));
    }
}
