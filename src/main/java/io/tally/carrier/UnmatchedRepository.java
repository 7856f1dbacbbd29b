package io.tally.carrier;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Inbound messages to numbers no account owned when they arrived, kept until they are metered. */
@Singleton
class UnmatchedRepository {
    private static final String COLUMNS = "carrier, message_id, connection_id, from_number, to_number, text, segments,"
            + " received_at";
    private static final String INSERT = """
            INSERT INTO unmatched_inbound (carrier, message_id, connection_id, from_number, to_number, text, segments,
                                           received_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (carrier, message_id) DO NOTHING""";
    private static final String OPEN = "SELECT " + COLUMNS + " FROM unmatched_inbound WHERE metered_at IS NULL"
            + " ORDER BY received_at, carrier, message_id LIMIT $1";
    private static final String OPEN_FOR = "SELECT " + COLUMNS + " FROM unmatched_inbound WHERE metered_at IS NULL"
            + " AND to_number = ANY($1) ORDER BY received_at, carrier, message_id";
    private static final String METERED = """
            UPDATE unmatched_inbound SET metered_at = $3 WHERE carrier = $1 AND message_id = $2""";

    /** An unmatched inbound message, with the connection that reported it. */
    record Unmatched(String connection, CarrierEvent event) {
    }

    private final Pool client;

    UnmatchedRepository(Pool client) {
        this.client = client;
    }

    Uni<Void> record(String connection, CarrierEvent event, Instant receivedAt) {
        return client.preparedQuery(INSERT)
                .execute(Tuple.from(Arrays.<Object> asList(event.carrier().label(), event.messageId(), connection,
                        event.from(), event.to(), event.text(), event.segments(),
                        receivedAt.atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    Uni<List<Unmatched>> open(int limit) {
        return client.preparedQuery(OPEN).execute(Tuple.of(limit)).map(UnmatchedRepository::toList);
    }

    Uni<List<Unmatched>> openFor(List<String> numbers) {
        return client.preparedQuery(OPEN_FOR).execute(Tuple.of(numbers.toArray(String[]::new)))
                .map(UnmatchedRepository::toList);
    }

    Uni<Void> metered(CarrierEvent event, Instant at) {
        return client.preparedQuery(METERED)
                .execute(Tuple.of(event.carrier().label(), event.messageId(), at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private static List<Unmatched> toList(RowSet<Row> rows) {
        var list = new ArrayList<Unmatched>(rows.size());
        rows.forEach(row -> list.add(new Unmatched(row.getString("connection_id"), new CarrierEvent(
                Carrier.parse(row.getString("carrier")).orElseThrow(), row.getString("message_id"), 1,
                row.getInteger("segments"), null, null, row.getOffsetDateTime("received_at").toInstant(),
                row.getInteger("segments"), null, null, row.getString("from_number"), row.getString("to_number"),
                row.getString("text")))));
        return list;
    }
}
