package io.tally.platform;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import io.quarkus.runtime.StartupEvent;

/**
 * Migrates the PostgreSQL schema ({@code src/main/resources/db/migration}) with Flyway before anything else starts,
 * over one plain JDBC connection that is closed afterwards; every query after that goes through the reactive client.
 * Replicas starting together are safe: Flyway serializes them with a PostgreSQL advisory lock.
 */
@Singleton
class Migrations {
    static final String LOCATION = "classpath:db/migration";

    private final String url;
    private final String username;
    private final Optional<String> password;
    private final boolean atStart;

    Migrations(@ConfigProperty(name = "tally.postgres.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "tally.postgres.migrate-at-start", defaultValue = "true") boolean atStart) {
        this.url = url;
        this.username = username;
        this.password = password;
        this.atStart = atStart;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        if (atStart) {
            migrate();
        }
    }

    /** Applies the pending migrations; fails start-up if one fails, as the schema is then not what the code needs. */
    void migrate() {
        var source = new PGSimpleDataSource();
        source.setURL("jdbc:" + url);
        source.setUser(username);
        password.ifPresent(source::setPassword);
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(source)
                .locations(LOCATION)
                .load()
                .migrate();
    }
}
