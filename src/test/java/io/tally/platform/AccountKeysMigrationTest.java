package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.quarkus.test.junit.QuarkusTest;

/**
 * V25 on a database that has rows, as a deployment has: a new database migrated to V24, rows written as the code
 * before V25 wrote them, then the rest of the migrations. The payment and webhook rows get their account from the row
 * they belong to, every key begins with the account, the foreign keys name it, and the daily totals are the rollups'.
 */
@QuarkusTest
class AccountKeysMigrationTest {

    @Test
    void rowsWrittenBeforeV25GetTheirAccountAndKeysThatBeginWithIt() throws SQLException {
        var config = ConfigProvider.getConfig();
        var url = config.getValue("tally.postgres.url", String.class);
        var user = config.getValue("quarkus.datasource.username", String.class);
        var password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        var database = "v25_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        var server = "jdbc:" + url.substring(0, url.lastIndexOf('/') + 1);
        try (var admin = DriverManager.getConnection(server + "postgres", user, password)) {
            admin.createStatement().execute("CREATE DATABASE " + database);
        }
        try {
            var source = new PGSimpleDataSource();
            source.setURL(server + database);
            source.setUser(user);
            source.setPassword(password);
            // the last migration before V25, whichever number it has
            var v25 = MigrationVersion.fromVersion("25");
            var before = Arrays.stream(flyway(source).info().all()).map(MigrationInfo::getVersion)
                    .filter(version -> version.compareTo(v25) < 0).max(MigrationVersion::compareTo).orElseThrow();
            Flyway.configure(getClass().getClassLoader()).dataSource(source).locations(Migrations.LOCATION)
                    .target(before).load().migrate();
            try (var db = source.getConnection()) {
                before(db);
            }
            flyway(source).migrate();
            try (var db = source.getConnection()) {
                assertThat(strings(db, "SELECT account_id FROM purchases")).containsExactly("acme");
                assertThat(strings(db, "SELECT account_id FROM payment_events")).containsExactly("acme", "acme");
                assertThat(strings(db, "SELECT account_id FROM webhook_deliveries")).containsExactly("acme");
                assertThat(strings(db, "SELECT account_id FROM webhook_attempts")).containsExactly("acme");
                for (var table : List.of("payments", "purchases", "webhook_endpoints", "webhook_deliveries",
                        "webhook_attempts")) {
                    assertThat(keys(db, table)).as(table).isNotEmpty()
                            .allSatisfy(key -> assertThat(key).startsWith("account_id"));
                }
                assertThat(strings(db, "SELECT account_id || ' ' || day || ' ' || sub_account || ' ' || records"
                        + " || ' ' || cost || ' ' || credits FROM usage_daily_totals ORDER BY sub_account"))
                        .containsExactly("acme 2026-03-03  1 45000 45000", "acme 2026-03-03 rome 1 45000 45000");
                // a delivery of an endpoint of another account is refused: the foreign key names the account
                db.createStatement().execute("INSERT INTO accounts (id, name, time_zone, created_at)"
                        + " VALUES ('other', 'Other', 'UTC', now())");
                assertThatThrownBy(() -> db.createStatement().execute("""
                        INSERT INTO webhook_deliveries (account_id, id, endpoint_id, alert_id, alert_type, payload,
                            state, created_at, updated_at)
                        VALUES ('other', 'wd_2', 'we_1', 'a-2', 'low-balance', '{}', 'pending', now(), now())"""))
                        .hasMessageContaining("foreign key");
            }
        } finally {
            try (var admin = DriverManager.getConnection(server + "postgres", user, password)) {
                admin.createStatement().execute("DROP DATABASE " + database + " WITH (FORCE)");
            }
        }
    }

    private static Flyway flyway(PGSimpleDataSource source) {
        return Flyway.configure(AccountKeysMigrationTest.class.getClassLoader()).dataSource(source)
                .locations(Migrations.LOCATION).load();
    }

    /** Rows as the code before V25 wrote them. */
    private static void before(Connection db) throws SQLException {
        var statement = db.createStatement();
        statement.execute("INSERT INTO accounts (id, name, time_zone, created_at)"
                + " VALUES ('acme', 'Acme', 'Europe/Rome', now())");
        statement.execute("""
                INSERT INTO payments (id, account_id, kind, package_id, credits_micro, amount_minor, currency,
                    payment_method, provider, status, created_at, updated_at)
                VALUES ('pu_1', 'acme', 'purchase', 'p-1', 1000000, 100, 'EUR', 'card', 'invoice', 'pending', now(),
                    now())""");
        statement.execute("""
                INSERT INTO purchases (payment_id, idempotency_key, lot_kind, effective_from)
                VALUES ('pu_1', 'k-1', 'PACKAGE', now())""");
        statement.execute("""
                INSERT INTO payment_events (payment_id, at, type) VALUES ('pu_1', now(), 'purchase-requested'),
                    ('pu_1', now(), 'purchase-succeeded')""");
        statement.execute("""
                INSERT INTO webhook_endpoints (id, account_id, url, types, secret, created_at)
                VALUES ('we_1', 'acme', 'https://example.com/hook', '{}', '\\x00', now())""");
        statement.execute("""
                INSERT INTO webhook_deliveries (id, endpoint_id, alert_id, alert_type, payload, state, created_at,
                    updated_at)
                VALUES ('wd_1', 'we_1', 'a-1', 'low-balance', '{}', 'delivered', now(), now())""");
        statement.execute("""
                INSERT INTO webhook_attempts (delivery_id, attempt, at, status, latency_ms)
                VALUES ('wd_1', 1, now(), 200, 12)""");
        statement.execute("""
                INSERT INTO usage_daily (account_id, day, sub_account, service, status, direction, product, country,
                    city, number, user_id, records, units, segments, credits, cost)
                VALUES ('acme', '2026-03-03', '', 'SMS', 'committed', 'OUTBOUND', '', 'IT', '', '', '', 1, 1, 1,
                        45000, 45000),
                       ('acme', '2026-03-03', 'rome', 'SMS', 'committed', 'OUTBOUND', '', 'IT', '', '', '', 1, 1, 1,
                        45000, 45000),
                       ('acme', '2026-03-03', 'rome', 'SMS', 'released', 'OUTBOUND', '', 'IT', '', '', '', 1, 1, 1,
                        0, 45000)""");
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        var values = new ArrayList<String>();
        try (var rows = db.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** The table's primary and unique keys, each as its columns in order ("account_id, id"). */
    private static List<String> keys(Connection db, String table) throws SQLException {
        return strings(db, """
                SELECT string_agg(a.attname, ', ' ORDER BY k.ordinality)
                FROM pg_constraint c
                CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ordinality)
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                WHERE c.conrelid = '%s'::regclass AND c.contype IN ('p', 'u')
                GROUP BY c.oid""".formatted(table));
    }
}
