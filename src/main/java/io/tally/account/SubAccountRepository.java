package io.tally.account;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.ledger.LimitPeriod;
import io.tally.ledger.SubAccountPolicy;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

@Singleton
class SubAccountRepository {
    private static final String COLUMNS = "account_id, id, name, kind, mode, fallback_to_pool, monthly_limit_micro, created_at, limit_period";
    private static final String INSERT = """
            INSERT INTO sub_accounts (account_id, id, name, kind, mode, fallback_to_pool, monthly_limit_micro,
                                      created_at, limit_period)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
    private static final String UPDATE = """
            UPDATE sub_accounts SET name = $3, fallback_to_pool = $4, monthly_limit_micro = $5, limit_period = $6
            WHERE account_id = $1 AND id = $2""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM sub_accounts WHERE account_id = $1 AND id = $2";
    private static final String LIST = "SELECT " + COLUMNS + " FROM sub_accounts WHERE account_id = $1 ORDER BY id";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool client;

    SubAccountRepository(Pool client) {
        this.client = client;
    }

    /** Inserts the sub-account; false when its id is taken in the account. */
    Uni<Boolean> insert(SubAccount sub) {
        var values = Arrays.<Object> asList(sub.account(), sub.id(), sub.name(), sub.kind().name().toLowerCase(Locale.ROOT),
                sub.mode().name(), sub.fallbackToPool(), limit(sub), sub.createdAt().atOffset(ZoneOffset.UTC),
                sub.limitPeriod().name());
        return client.preparedQuery(INSERT)
                .execute(Tuple.from(values))
                .map(rows -> true)
                .onFailure(SubAccountRepository::isUniqueViolation).recoverWithItem(false);
    }

    Uni<Void> update(SubAccount sub) {
        return client.preparedQuery(UPDATE)
                .execute(Tuple.from(Arrays.<Object> asList(sub.account(), sub.id(), sub.name(), sub.fallbackToPool(),
                        limit(sub), sub.limitPeriod().name())))
                .replaceWithVoid();
    }

    Uni<Optional<SubAccount>> find(String account, String id) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(account, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toSubAccount(rows.iterator().next())));
    }

    Uni<List<SubAccount>> list(String account) {
        return client.preparedQuery(LIST)
                .execute(Tuple.of(account))
                .map(rows -> {
                    var subs = new ArrayList<SubAccount>(rows.size());
                    rows.forEach(row -> subs.add(toSubAccount(row)));
                    return subs;
                });
    }

    private static Long limit(SubAccount sub) {
        return sub.monthlyLimit().isPresent() ? sub.monthlyLimit().getAsLong() : null;
    }

    private static SubAccount toSubAccount(Row row) {
        var limit = row.getLong("monthly_limit_micro");
        return new SubAccount(row.getString("account_id"), row.getString("id"), row.getString("name"),
                SubAccount.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT)),
                SubAccountPolicy.Mode.valueOf(row.getString("mode")), row.getBoolean("fallback_to_pool"),
                limit == null ? OptionalLong.empty() : OptionalLong.of(limit),
                row.getOffsetDateTime("created_at").toInstant(), LimitPeriod.valueOf(row.getString("limit_period")));
    }

    private static boolean isUniqueViolation(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
    }
}
