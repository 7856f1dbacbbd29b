package io.tally.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.carrier.CarrierConfig;
import io.tally.carrier.CredentialCipher;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Webhook endpoints in PostgreSQL, their secrets encrypted with the carrier credentials key
 * ({@code TALLY_CARRIER_CREDENTIALS_KEY}, AES-GCM, the endpoint id as additional data).
 */
@Singleton
class EndpointRepository {
    private static final String COLUMNS = """
            id, account_id, url, types, secret, previous_secret, previous_until, disabled_at, disabled_reason,
            created_at""";
    private static final String INSERT = """
            INSERT INTO webhook_endpoints (id, account_id, url, types, secret, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)""";
    private static final String FIND = "SELECT " + COLUMNS
            + " FROM webhook_endpoints WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL";
    private static final String LIST = "SELECT " + COLUMNS
            + " FROM webhook_endpoints WHERE account_id = $1 AND deleted_at IS NULL ORDER BY created_at, id";
    private static final String MATCHING = """
            SELECT id FROM webhook_endpoints
            WHERE account_id = $1 AND deleted_at IS NULL AND disabled_at IS NULL
              AND (cardinality(types) = 0 OR $2 = ANY (types))""";
    private static final String UPDATE = """
            UPDATE webhook_endpoints SET url = $3, types = $4, disabled_at = $5, disabled_reason = $6
            WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL""";
    private static final String ROTATE = """
            UPDATE webhook_endpoints SET secret = $3, previous_secret = $4, previous_until = $5
            WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL""";
    private static final String DISABLE = """
            UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = $3
            WHERE account_id = $4 AND id = $1 AND disabled_at IS NULL""";
    private static final String DELETE = """
            UPDATE webhook_endpoints SET deleted_at = $3
            WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL""";

    private final Pool client;
    private final CredentialCipher configured;

    EndpointRepository(Pool client, CarrierConfig config) {
        this.client = client;
        this.configured = config.credentialsKey().filter(key -> !key.isBlank()).map(CredentialCipher::new)
                .orElse(null);
    }

    /** The cipher, or a 503 naming the missing setting. */
    CredentialCipher cipher() {
        return configured != null ? configured
                : new CredentialCipher(CarrierConfig.require(Optional.empty(), "TALLY_CARRIER_CREDENTIALS_KEY"));
    }

    Uni<Void> insert(WebhookEndpoint endpoint) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.of(endpoint.id(), endpoint.account(), endpoint.url(),
                        endpoint.types().toArray(String[]::new), seal(endpoint.id(), endpoint.secrets().current()),
                        utc(endpoint.createdAt())))
                .replaceWithVoid();
    }

    Uni<Optional<WebhookEndpoint>> find(String account, String id) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(id, account))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(endpoint(rows.iterator().next())));
    }

    Uni<List<WebhookEndpoint>> list(String account) {
        return client.preparedQuery(LIST)
                .execute(Tuple.of(account))
                .map(this::endpoints);
    }

    /** The ids of the account's enabled endpoints that receive alerts of the type. */
    Uni<List<String>> matching(String account, String type) {
        return client.preparedQuery(MATCHING)
                .execute(Tuple.of(account, type))
                .map(rows -> {
                    var ids = new ArrayList<String>(rows.size());
                    rows.forEach(row -> ids.add(row.getString("id")));
                    return ids;
                });
    }

    /** Writes url, types and enabled state of an endpoint read just before; whether it still existed. */
    Uni<Boolean> update(WebhookEndpoint endpoint) {
        return client.preparedQuery(UPDATE)
                .execute(Tuple.tuple(Arrays.asList(endpoint.id(), endpoint.account(), endpoint.url(),
                        endpoint.types().toArray(String[]::new), utc(endpoint.disabledAt()),
                        endpoint.disabledReason())))
                .map(rows -> rows.rowCount() > 0);
    }

    Uni<Boolean> rotate(String account, String id, String secret, String previous, Instant previousUntil) {
        return client.preparedQuery(ROTATE)
                .execute(Tuple.of(id, account, seal(id, secret), seal(id, previous), utc(previousUntil)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Stops deliveries to an endpoint (410 Gone); an endpoint already disabled keeps its first reason. */
    Uni<Void> disable(String account, String id, String reason, Instant at) {
        return client.preparedQuery(DISABLE)
                .execute(Tuple.of(id, utc(at), reason, account))
                .replaceWithVoid();
    }

    Uni<Boolean> delete(String account, String id, Instant at) {
        return client.preparedQuery(DELETE)
                .execute(Tuple.of(id, account, utc(at)))
                .map(rows -> rows.rowCount() > 0);
    }

    Buffer seal(String id, String secret) {
        return Buffer.buffer(cipher().encrypt(id, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    String open(String id, io.vertx.mutiny.core.buffer.Buffer sealed) {
        return sealed == null ? null
                : new String(cipher().decrypt(id, sealed.getBytes()), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The secrets of a row that has the columns {@code secret}, {@code previous_secret}, {@code previous_until}. */
    WebhookSecrets.Secrets secrets(String id, Row row) {
        return new WebhookSecrets.Secrets(open(id, row.getBuffer("secret")), open(id, row.getBuffer("previous_secret")),
                instant(row.getOffsetDateTime("previous_until")));
    }

    private List<WebhookEndpoint> endpoints(RowSet<Row> rows) {
        var endpoints = new ArrayList<WebhookEndpoint>(rows.size());
        rows.forEach(row -> endpoints.add(endpoint(row)));
        return endpoints;
    }

    private WebhookEndpoint endpoint(Row row) {
        var id = row.getString("id");
        return new WebhookEndpoint(id, row.getString("account_id"), row.getString("url"),
                List.of(row.getArrayOfStrings("types")), secrets(id, row), instant(row.getOffsetDateTime("disabled_at")),
                row.getString("disabled_reason"), instant(row.getOffsetDateTime("created_at")));
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
