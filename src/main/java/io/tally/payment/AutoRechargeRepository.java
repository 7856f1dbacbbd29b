package io.tally.payment;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@Singleton
class AutoRechargeRepository {
    private static final String FIND = """
            SELECT account_id, enabled, threshold_micro, amount_micro, target_micro, payment_method, max_per_month_micro
            FROM auto_recharge WHERE account_id = $1""";
    private static final String UPSERT = """
            INSERT INTO auto_recharge (account_id, enabled, threshold_micro, amount_micro, target_micro, payment_method,
                                       max_per_month_micro, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (account_id) DO UPDATE SET enabled = $2, threshold_micro = $3, amount_micro = $4,
                target_micro = $5, payment_method = $6, max_per_month_micro = $7, updated_at = $8""";

    private final Pool client;

    AutoRechargeRepository(Pool client) {
        this.client = client;
    }

    Uni<Optional<AutoRecharge>> find(String account) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(account))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(settings(rows.iterator().next())));
    }

    Uni<Void> save(AutoRecharge settings, Instant now) {
        return client.preparedQuery(UPSERT)
                .execute(Tuple.from(new Object[] { settings.account(), settings.enabled(), settings.threshold(),
                        boxed(settings.amount()), boxed(settings.target()), settings.paymentMethod(),
                        boxed(settings.maxPerMonth()), now.atOffset(ZoneOffset.UTC) }))
                .replaceWithVoid();
    }

    private static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }

    private static OptionalLong optional(Row row, String column) {
        var value = row.getLong(column);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static AutoRecharge settings(Row row) {
        return new AutoRecharge(row.getString("account_id"), row.getBoolean("enabled"), row.getLong("threshold_micro"),
                optional(row, "amount_micro"), optional(row, "target_micro"), row.getString("payment_method"),
                optional(row, "max_per_month_micro"));
    }
}
