package io.tally.carrier;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Carrier connections in PostgreSQL, their credentials encrypted ({@link CredentialCipher}). */
@Singleton
class ConnectionRepository {
    private static final String INSERT = """
            INSERT INTO carrier_connections (id, account_id, carrier, credentials, created_at)
            VALUES ($1, $2, $3, $4, $5)""";
    private static final String FIND = """
            SELECT id, account_id, carrier, credentials, created_at FROM carrier_connections
            WHERE id = $1 AND deleted_at IS NULL""";
    private static final String LIST = """
            SELECT id, account_id, carrier, credentials, created_at FROM carrier_connections
            WHERE account_id = $1 AND deleted_at IS NULL ORDER BY created_at, id""";
    private static final String DELETE = """
            UPDATE carrier_connections SET deleted_at = $3 WHERE id = $1 AND account_id = $2 AND deleted_at IS NULL""";

    private final Pool client;
    private final CredentialCipher configured;

    ConnectionRepository(Pool client, CarrierConfig config) {
        this.client = client;
        this.configured = config.credentialsKey().filter(key -> !key.isBlank()).map(CredentialCipher::new)
                .orElse(null);
    }

    private CredentialCipher cipher() {
        return configured != null ? configured
                : new CredentialCipher(CarrierConfig.require(Optional.empty(),
                        "TALLY_CARRIER_CREDENTIALS_KEY"));
    }

    Uni<Void> insert(Connection connection) {
        var sealed = cipher().encrypt(connection.id(), CredentialsJson.write(connection.credentials()));
        return client.preparedQuery(INSERT)
                .execute(Tuple.of(connection.id(), connection.account(), connection.carrier().label(),
                        Buffer.buffer(sealed), connection.createdAt().atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    Uni<Optional<Connection>> find(String id) {
        return client.preparedQuery(FIND)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toConnection(rows.iterator().next())));
    }

    Uni<List<Connection>> list(String account) {
        return client.preparedQuery(LIST)
                .execute(Tuple.of(account))
                .map(rows -> {
                    var connections = new ArrayList<Connection>(rows.size());
                    rows.forEach(row -> connections.add(toConnection(row)));
                    return connections;
                });
    }

    /** Whether a live connection was deleted. */
    Uni<Boolean> delete(String account, String id, Instant at) {
        return client.preparedQuery(DELETE)
                .execute(Tuple.of(id, account, at.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount() > 0);
    }

    private Connection toConnection(Row row) {
        var id = row.getString("id");
        var credentials = CredentialsJson.read(cipher().decrypt(id, row.getBuffer("credentials").getBytes()));
        return new Connection(id, row.getString("account_id"), Carrier.parse(row.getString("carrier")).orElseThrow(),
                credentials, row.getOffsetDateTime("created_at").toInstant());
    }
}
