package io.tally.payment;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.ledger.LotKind;
import io.tally.ledger.Service;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * A purchase's payment and its terms (table {@code purchases}), written in one statement: a retry, or a concurrent
 * request with the same key, writes nothing and reads what the first wrote.
 */
@Singleton
class PurchaseRepository {
    private static final String INSERT = """
            WITH p AS (
                INSERT INTO payments (id, account_id, sub_account, kind, package_id, credits_micro, amount_minor,
                                      currency, payment_method, provider, status, attempts, created_at, updated_at)
                VALUES ($1, $2, $3, 'purchase', $4, $5, $6, $7, $8, $9, 'pending', 0, $10, $10)
                ON CONFLICT (account_id, id) DO NOTHING
                RETURNING account_id, id)
            INSERT INTO purchases (account_id, payment_id, idempotency_key, lot_kind, services, effective_from,
                                   expires_at)
            SELECT account_id, id, $11, $12, $13, $10, $14 FROM p""";
    private static final String TERMS = """
            SELECT idempotency_key, lot_kind, services, effective_from, expires_at FROM purchases
            WHERE account_id = $2 AND payment_id = $1""";

    private final Pool client;

    PurchaseRepository(Pool client) {
        this.client = client;
    }

    /** Records the pending payment and its terms unless a payment with its id exists; false when one did. */
    Uni<Boolean> insert(Payment payment, PurchaseTerms terms) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] { payment.id(), payment.account(), payment.subAccount().orElse(null),
                        payment.packageId().orElseThrow(), payment.credits(), payment.amountMinor(),
                        payment.currency(), payment.paymentMethod(), payment.provider(),
                        payment.createdAt().atOffset(ZoneOffset.UTC), terms.idempotencyKey(), terms.kind().name(),
                        terms.services().stream().map(Service::name).sorted().toArray(String[]::new),
                        terms.expiresAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null) }))
                .map(rows -> rows.rowCount() == 1);
    }

    Uni<Optional<PurchaseTerms>> terms(String account, String paymentId) {
        return client.preparedQuery(TERMS).execute(Tuple.of(paymentId, account)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            var row = rows.iterator().next();
            var expires = row.getOffsetDateTime("expires_at");
            return Optional.of(new PurchaseTerms(row.getString("idempotency_key"),
                    LotKind.valueOf(row.getString("lot_kind").toUpperCase(Locale.ROOT)),
                    Arrays.stream(row.getArrayOfStrings("services")).map(Service::new).collect(Collectors.toSet()),
                    row.getOffsetDateTime("effective_from").toInstant(),
                    Optional.ofNullable(expires).map(at -> at.toInstant())));
        });
    }
}
