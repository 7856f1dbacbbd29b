package io.tally.auth;

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

@Singleton
class ApiKeyRepository {
    private static final String COLUMNS = """
            id, name, role, account_id, all_accounts, scope_accounts, scope_sub_accounts, created_at, created_by, \
            revoked_at""";
    private static final String INSERT = """
            INSERT INTO api_keys (id, key_hash, name, role, account_id, all_accounts, scope_accounts,
                                  scope_sub_accounts, created_at, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""";
    private static final String FIND_ACTIVE_BY_HASH = "SELECT " + COLUMNS
            + " FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL";
    private static final String LIST_FOR_ACCOUNT = "SELECT " + COLUMNS
            + " FROM api_keys WHERE account_id = $1 ORDER BY created_at, id";
    private static final String FIND_IN_ACCOUNT = "SELECT " + COLUMNS + " FROM api_keys WHERE id = $1 AND account_id = $2";
    /** Answers the hash of a key revoked now or before (keeping the first time), so a retry announces it again. */
    private static final String REVOKE = """
            UPDATE api_keys SET revoked_at = coalesce(revoked_at, $3) WHERE id = $1 AND account_id = $2
            RETURNING key_hash""";

    private static final String KNOWN_ACCOUNTS = "SELECT id FROM accounts WHERE id = ANY($1)";
    private static final String KNOWN_SUB_ACCOUNTS = "SELECT id FROM sub_accounts WHERE account_id = $1 AND id = ANY($2)";

    private final Pool client;

    ApiKeyRepository(Pool client) {
        this.client = client;
    }

    Uni<Void> insert(ApiKey key, String hash) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.from(Arrays.asList(key.id(), hash, key.name(), key.role().label(), key.account(),
                        key.allAccounts(), key.accounts().toArray(String[]::new),
                        key.subAccounts().toArray(String[]::new), key.createdAt().atOffset(ZoneOffset.UTC),
                        key.createdBy())))
                .replaceWithVoid();
    }

    Uni<Optional<ApiKey>> findActiveByHash(String hash) {
        return client.preparedQuery(FIND_ACTIVE_BY_HASH)
                .execute(Tuple.of(hash))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())));
    }

    Uni<Optional<ApiKey>> findInAccount(String keyId, String accountId) {
        return client.preparedQuery(FIND_IN_ACCOUNT)
                .execute(Tuple.of(keyId, accountId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())));
    }

    Uni<List<ApiKey>> listForAccount(String accountId) {
        return client.preparedQuery(LIST_FOR_ACCOUNT)
                .execute(Tuple.of(accountId))
                .map(rows -> {
                    var keys = new ArrayList<ApiKey>(rows.size());
                    rows.forEach(row -> keys.add(toKey(row)));
                    return keys;
                });
    }

    /** The hash of the revoked key, or empty when the account has no such key. */
    Uni<Optional<String>> revoke(String keyId, String accountId, Instant now) {
        return client.preparedQuery(REVOKE)
                .execute(Tuple.of(keyId, accountId, now.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getString("key_hash")));
    }

    /** Those of the given account ids that name no account. */
    /** The ids of {@code subAccountIds} that are no sub-account of the account, in the given order. */
    Uni<List<String>> unknownSubAccounts(String account, List<String> subAccountIds) {
        if (subAccountIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery(KNOWN_SUB_ACCOUNTS)
                .execute(Tuple.of(account, subAccountIds.toArray(String[]::new)))
                .map(rows -> {
                    var unknown = new ArrayList<>(subAccountIds);
                    rows.forEach(row -> unknown.remove(row.getString(0)));
                    return unknown;
                });
    }

    Uni<List<String>> unknownAccounts(List<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery(KNOWN_ACCOUNTS)
                .execute(Tuple.of(accountIds.toArray(String[]::new)))
                .map(rows -> {
                    var unknown = new ArrayList<>(accountIds);
                    rows.forEach(row -> unknown.remove(row.getString(0)));
                    return unknown;
                });
    }

    private static ApiKey toKey(Row row) {
        var revokedAt = row.getOffsetDateTime("revoked_at");
        return new ApiKey(row.getString("id"), row.getString("name"),
                Role.parse(row.getString("role")).orElseThrow(), row.getString("account_id"),
                row.getBoolean("all_accounts"), List.of(row.getArrayOfStrings("scope_accounts")),
                List.of(row.getArrayOfStrings("scope_sub_accounts")), row.getOffsetDateTime("created_at").toInstant(),
                row.getString("created_by"), revokedAt == null ? null : revokedAt.toInstant());
    }
}
