package io.tally.payment;

import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.ledger.LotKind;
import io.tally.ledger.Service;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The package catalogue (table {@code packages}). */
@Singleton
class PackageRepository {
    private static final String COLUMNS = "id, name, price_minor, currency, credits_micro, lot_kind, validity, services, "
            + "updated_at";
    private static final String INSERT = """
            INSERT INTO packages (id, name, price_minor, currency, credits_micro, lot_kind, validity, services,
                                  created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
            ON CONFLICT (id) DO NOTHING""";
    private static final String UPDATE = """
            UPDATE packages SET name = $2, price_minor = $3, currency = $4, credits_micro = $5, lot_kind = $6,
                                validity = $7, services = $8, updated_at = $9
            WHERE id = $1""";
    private static final String FIND = "SELECT " + COLUMNS + " FROM packages WHERE id = $1";
    private static final String ALL = "SELECT " + COLUMNS + " FROM packages ORDER BY id";
    private static final String DELETE = "DELETE FROM packages WHERE id = $1";

    private final Pool client;

    PackageRepository(Pool client) {
        this.client = client;
    }

    /** False when a package with its id exists. */
    Uni<Boolean> insert(CreditPackage pkg) {
        return client.preparedQuery(INSERT).execute(values(pkg)).map(rows -> rows.rowCount() == 1);
    }

    /** False when there is no such package. */
    Uni<Boolean> update(CreditPackage pkg) {
        return client.preparedQuery(UPDATE).execute(values(pkg)).map(rows -> rows.rowCount() == 1);
    }

    Uni<Optional<CreditPackage>> find(String id) {
        return client.preparedQuery(FIND).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(pkg(rows.iterator().next())));
    }

    Uni<List<CreditPackage>> all() {
        return client.query(ALL).execute().map(rows -> {
            var list = new ArrayList<CreditPackage>();
            rows.forEach(row -> list.add(pkg(row)));
            return List.copyOf(list);
        });
    }

    /** False when there was no such package. */
    Uni<Boolean> delete(String id) {
        return client.preparedQuery(DELETE).execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
    }

    private static Tuple values(CreditPackage pkg) {
        return Tuple.from(new Object[] { pkg.id(), pkg.name(), pkg.priceMinor(), pkg.currency(), pkg.credits(),
                pkg.kind().name(), pkg.validity().map(Period::toString).orElse(null),
                pkg.services().stream().map(Service::name).sorted().toArray(String[]::new),
                pkg.updatedAt().atOffset(ZoneOffset.UTC) });
    }

    private static CreditPackage pkg(Row row) {
        var validity = row.getString("validity");
        return new CreditPackage(row.getString("id"), row.getString("name"), row.getLong("price_minor"),
                row.getString("currency"), row.getLong("credits_micro"), LotKind.valueOf(row.getString("lot_kind")),
                validity == null ? Optional.empty() : Optional.of(Period.parse(validity)),
                Arrays.stream(row.getArrayOfStrings("services")).map(Service::new)
                        .collect(java.util.stream.Collectors.toSet()),
                row.getOffsetDateTime("updated_at").toInstant());
    }
}
