package io.tally.webhook;

import static io.tally.webhook.EndpointRepository.instant;
import static io.tally.webhook.EndpointRepository.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deliveries and their attempts in PostgreSQL: the durable retry schedule. A pending delivery is due at
 * {@code next_attempt_at}; the replica that takes it moves that to the end of a lease, so that a replica dying
 * mid-send leaves it to another once the lease ends.
 */
@Singleton
class DeliveryRepository {
    private static final String COLUMNS = """
            id, endpoint_id, alert_id, alert_type, state, attempts, next_attempt_at, last_status, last_error,
            created_at, updated_at""";
    private static final String INSERT = """
            INSERT INTO webhook_deliveries (account_id, id, endpoint_id, alert_id, alert_type, payload, state,
                attempts, next_attempt_at, created_at, updated_at)
            VALUES ($7, $1, $2, $3, $4, $5, 'pending', 0, $6, $6, $6)
            ON CONFLICT (account_id, endpoint_id, alert_id) DO NOTHING""";
    private static final String TAKE_DUE = """
            WITH due AS (
                SELECT account_id, id FROM webhook_deliveries
                WHERE state = 'pending' AND next_attempt_at <= $1
                ORDER BY next_attempt_at LIMIT $3
                FOR UPDATE SKIP LOCKED),
            leased AS (
                UPDATE webhook_deliveries d SET next_attempt_at = $2, updated_at = $1
                FROM due WHERE d.account_id = due.account_id AND d.id = due.id
                RETURNING d.account_id, d.id, d.endpoint_id, d.alert_id, d.payload, d.attempts)
            SELECT l.id, l.endpoint_id, l.alert_id, l.payload, l.attempts, e.account_id, e.url, e.secret,
                e.previous_secret, e.previous_until, e.disabled_at IS NULL AND e.deleted_at IS NULL AS live
            FROM leased l JOIN webhook_endpoints e ON e.account_id = l.account_id AND e.id = l.endpoint_id""";
    private static final String INSERT_ATTEMPT = """
            INSERT INTO webhook_attempts (account_id, delivery_id, attempt, at, status, latency_ms, error)
            VALUES ($7, $1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""";
    private static final String AFTER_ATTEMPT = """
            UPDATE webhook_deliveries SET state = $2, attempts = GREATEST(attempts, $3), next_attempt_at = $4,
                last_status = $5, last_error = $6, updated_at = $7
            WHERE account_id = $8 AND id = $1""";
    private static final String CANCEL = """
            UPDATE webhook_deliveries SET state = 'cancelled', next_attempt_at = NULL, updated_at = $2
            WHERE account_id = $3 AND id = $1 AND state = 'pending'""";
    private static final String LIST = "SELECT " + COLUMNS
            + " FROM webhook_deliveries WHERE account_id = $3 AND endpoint_id = $1"
            + " ORDER BY created_at DESC, id DESC LIMIT $2";
    private static final String FIND = "SELECT " + COLUMNS
            + " FROM webhook_deliveries WHERE account_id = $3 AND id = $1 AND endpoint_id = $2";
    private static final String ATTEMPTS = """
            SELECT delivery_id, attempt, at, status, latency_ms, error FROM webhook_attempts
            WHERE account_id = $2 AND delivery_id = ANY ($1) ORDER BY delivery_id, attempt""";
    private static final String REDELIVER = """
            UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = $3, updated_at = $3
            WHERE account_id = $4 AND id = $1 AND endpoint_id = $2""";

    private final Pool client;
    private final EndpointRepository endpoints;

    DeliveryRepository(Pool client, EndpointRepository endpoints) {
        this.client = client;
        this.endpoints = endpoints;
    }

    /** A delivery taken to be sent now, with what sending it needs. */
    record Due(String id, String endpoint, String account, String alert, String payload, int attempts, String url,
            WebhookSecrets.Secrets secrets, boolean live) {
    }

    /**
     * One delivery per endpoint of the account for the alert, due now; a delivery that already exists stays as it
     * is.
     */
    Uni<Void> insert(String account, String alert, String type, String payload, List<String> endpointIds,
            Instant now) {
        if (endpointIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var batch = endpointIds.stream()
                .map(endpoint -> Tuple.tuple(List.of(newId(), endpoint, alert, type, payload, utc(now), account)))
                .toList();
        return client.preparedQuery(INSERT)
                .executeBatch(batch)
                .replaceWithVoid();
    }

    /** Up to {@code limit} due deliveries, leased to this replica until {@code leaseEnd}. */
    Uni<List<Due>> takeDue(Instant now, Instant leaseEnd, int limit) {
        return client.preparedQuery(TAKE_DUE)
                .execute(Tuple.of(utc(now), utc(leaseEnd), limit))
                .map(rows -> {
                    var due = new ArrayList<Due>(rows.size());
                    for (var row : rows) {
                        var endpoint = row.getString("endpoint_id");
                        boolean live = row.getBoolean("live");
                        due.add(new Due(row.getString("id"), endpoint, row.getString("account_id"),
                                row.getString("alert_id"), row.getString("payload"), row.getInteger("attempts"),
                                row.getString("url"), live ? endpoints.secrets(endpoint, row) : null, live));
                    }
                    return due;
                });
    }

    /** Records an attempt and what follows from it, together. */
    Uni<Void> record(String account, String delivery, Delivery.Attempt attempt, String state, Instant next) {
        return client.withTransaction(connection -> connection.preparedQuery(INSERT_ATTEMPT)
                .execute(Tuple.tuple(Arrays.asList(delivery, attempt.attempt(), utc(attempt.at()), attempt.status(),
                        (int) Math.min(Integer.MAX_VALUE, attempt.latencyMs()), attempt.error(), account)))
                .chain(() -> connection.preparedQuery(AFTER_ATTEMPT)
                        .execute(Tuple.tuple(Arrays.asList(delivery, state, attempt.attempt(), utc(next),
                                attempt.status(), attempt.error(), utc(attempt.at()), account)))))
                .replaceWithVoid();
    }

    Uni<Void> cancel(String account, String delivery, Instant now) {
        return client.preparedQuery(CANCEL)
                .execute(Tuple.of(delivery, utc(now), account))
                .replaceWithVoid();
    }

    /** The endpoint's latest deliveries, newest first, with their attempts. */
    Uni<List<Delivery>> list(String account, String endpoint, int limit) {
        return client.preparedQuery(LIST)
                .execute(Tuple.of(endpoint, limit, account))
                .chain(rows -> withAttempts(account, rows));
    }

    Uni<Optional<Delivery>> find(String account, String endpoint, String delivery) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(delivery, endpoint, account))
                .chain(rows -> withAttempts(account, rows))
                .map(found -> found.stream().findFirst());
    }

    /** Makes the delivery due now, whatever its state; whether it exists. */
    Uni<Boolean> redeliver(String account, String endpoint, String delivery, Instant now) {
        return client.preparedQuery(REDELIVER)
                .execute(Tuple.of(delivery, endpoint, utc(now), account))
                .map(rows -> rows.rowCount() > 0);
    }

    private Uni<List<Delivery>> withAttempts(String account, RowSet<Row> rows) {
        var byId = new LinkedHashMap<String, Row>();
        rows.forEach(row -> byId.put(row.getString("id"), row));
        if (byId.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return client.preparedQuery(ATTEMPTS)
                .execute(Tuple.of(byId.keySet().toArray(String[]::new), account))
                .map(attemptRows -> {
                    var logs = new LinkedHashMap<String, List<Delivery.Attempt>>();
                    for (var row : attemptRows) {
                        logs.computeIfAbsent(row.getString("delivery_id"), id -> new ArrayList<>())
                                .add(new Delivery.Attempt(row.getInteger("attempt"),
                                        instant(row.getOffsetDateTime("at")), row.getInteger("status"),
                                        row.getInteger("latency_ms"), row.getString("error")));
                    }
                    var deliveries = new ArrayList<Delivery>(byId.size());
                    byId.forEach((id, row) -> deliveries.add(new Delivery(id, row.getString("endpoint_id"),
                            row.getString("alert_id"), row.getString("alert_type"), row.getString("state"),
                            row.getInteger("attempts"), instant(row.getOffsetDateTime("next_attempt_at")),
                            row.getInteger("last_status"), row.getString("last_error"),
                            instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("updated_at")),
                            logs.getOrDefault(id, List.of()))));
                    return deliveries;
                });
    }

    private static String newId() {
        return "wd_" + UUID.randomUUID().toString().replace("-", "");
    }
}
