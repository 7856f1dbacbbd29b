package io.tally.receipt;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Accounts' receipt policies in PostgreSQL ({@code receipt_policies}: the action of each settable status). */
@Singleton
class ReceiptPolicyRepository {
    /** One row for an account, with a null policy when it has none; no row for an unknown account. */
    private static final String FIND = """
            SELECT p.actions::text AS actions
            FROM accounts a LEFT JOIN receipt_policies p ON p.account_id = a.id
            WHERE a.id = $1""";
    private static final String REPLACE = """
            INSERT INTO receipt_policies (account_id, actions, updated_at)
            SELECT id, $2::text::jsonb, now() FROM accounts WHERE id = $1
            ON CONFLICT (account_id) DO UPDATE SET actions = excluded.actions, updated_at = excluded.updated_at
            RETURNING account_id""";

    private final Pool client;

    ReceiptPolicyRepository(Pool client) {
        this.client = client;
    }

    /** The account's policy (the default when it set none), or empty when {@code account} names no account. */
    Uni<Optional<ReceiptPolicy>> find(String account) {
        return client.preparedQuery(FIND).execute(Tuple.of(account))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(policy(rows.iterator().next())));
    }

    /** Replaces the account's policy; false (nothing written) when {@code account} names no account. */
    Uni<Boolean> replace(String account, ReceiptPolicy policy) {
        var actions = ReceiptPolicy.SETTABLE.stream()
                .collect(Collectors.toMap(Enum::name, status -> (Object) policy.of(status).name()));
        return client.preparedQuery(REPLACE).execute(Tuple.of(account, new JsonObject(actions).encode()))
                .map(rows -> rows.size() == 1);
    }

    private static ReceiptPolicy policy(Row row) {
        var text = row.getString("actions");
        if (text == null) {
            return ReceiptPolicy.DEFAULT;
        }
        var stored = new JsonObject(text);
        Map<DeliveryStatus, ReceiptPolicy.Action> actions = new EnumMap<>(DeliveryStatus.class);
        for (var status : ReceiptPolicy.SETTABLE) {
            var action = stored.getString(status.name());
            if (action != null) {
                actions.put(status, ReceiptPolicy.Action.valueOf(action));
            }
        }
        return ReceiptPolicy.withChanges(actions);
    }
}
