package io.tally.pricing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The service catalogue in PostgreSQL ({@code services}): the built-in services and those operators defined. */
@Singleton
class ServiceRepository {
    private static final String COLUMNS = "id, name, category, unit, first_increment, next_increment, sub_types,"
            + " built_in, updated_at";
    private static final String FIND_ALL = "SELECT " + COLUMNS + " FROM services ORDER BY id";
    private static final String FIND = "SELECT " + COLUMNS + " FROM services WHERE id = $1";
    /**
     * Defines a service, or redefines it when its unit stays: no row comes back when the unit would change. Built-in
     * services stay built in. {@code created} tells a new service from a redefined one.
     */
    private static final String UPSERT = """
            INSERT INTO services AS s (id, name, category, unit, first_increment, next_increment, sub_types,
                                       built_in, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8)
            ON CONFLICT (id) DO UPDATE
               SET name = excluded.name, category = excluded.category, first_increment = excluded.first_increment,
                   next_increment = excluded.next_increment, sub_types = excluded.sub_types,
                   updated_at = excluded.updated_at
             WHERE s.unit = excluded.unit
            RETURNING id, name, category, unit, first_increment, next_increment, sub_types, built_in, updated_at,
                      (xmax = 0) AS created""";

    /** A definition stored, and whether it was new. */
    record Defined(StoredService stored, boolean created) {
    }

    private final Pool client;

    ServiceRepository(Pool client) {
        this.client = client;
    }

    Uni<List<StoredService>> all() {
        return client.query(FIND_ALL).execute()
                .map(rows -> {
                    var found = new ArrayList<StoredService>(rows.size());
                    rows.forEach(row -> found.add(toStored(row)));
                    return found;
                });
    }

    Uni<Optional<StoredService>> find(ServiceName id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id.name()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toStored(rows.iterator().next())));
    }

    /** Empty (nothing written) when the service exists with another unit. */
    Uni<Optional<Defined>> define(ServiceDefinition service, Instant now) {
        var increment = service.increment();
        var row = Tuple.from(Arrays.asList(service.id().name(), service.name(), service.category().label(),
                service.unit().label(), increment.map(Billing::first).orElse(null),
                increment.map(Billing::next).orElse(null), service.subTypes().toArray(String[]::new),
                now.atOffset(ZoneOffset.UTC)));
        return client.preparedQuery(UPSERT).execute(row)
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(toDefined(rows.iterator().next())));
    }

    private static Defined toDefined(Row row) {
        return new Defined(toStored(row), row.getBoolean("created"));
    }

    private static StoredService toStored(Row row) {
        var first = row.getInteger("first_increment");
        var increment = first == null
                ? Optional.<Billing> empty()
                : Optional.of(new Billing(first, row.getInteger("next_increment")));
        var service = new ServiceDefinition(new ServiceName(row.getString("id")), row.getString("name"),
                ServiceCategory.valueOf(row.getString("category").toUpperCase(Locale.ROOT)),
                ServiceUnit.valueOf(row.getString("unit").toUpperCase(Locale.ROOT)), increment,
                List.of(row.getArrayOfStrings("sub_types")), row.getBoolean("built_in"));
        return new StoredService(service, row.getOffsetDateTime("updated_at").toInstant());
    }
}
