package io.tally.reconciliation;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.tally.ledger.EventFormat;
import io.tally.ledger.LedgerKeys;
import io.tally.ledger.Partitions;
import io.tally.platform.RedisPipes;
import io.tally.usage.LedgerEntry;
import io.tally.usage.LedgerEvent;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Plays the usage writer for tests that turn the real one off: reads a partition's new events in the {@code usage-writer}
 * group, maps them
 * with {@link LedgerEntry#of} and inserts the entries, then acknowledges them (or leaves them pending).
 */
final class EntryWriter {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String GROUP = "usage-writer";
    private static final String INSERT = LedgerEntry.COLUMNS.insert("ledger_entries") + "\nON CONFLICT DO NOTHING";

    private final RedisPipes redis;
    private final Pool pg;
    private final int partitions;

    EntryWriter(RedisPipes redis, Pool pg, int partitions) {
        this.redis = redis;
        this.pg = pg;
        this.partitions = partitions;
    }

    /** Writes every undelivered event of the account's partition (of any account) and acknowledges it. */
    void write(String account) {
        int partition = Partitions.of(account, partitions);
        var events = read(partition);
        for (var event : events) {
            insert(LedgerEntry.of(event));
        }
        for (var event : events) {
            send(Request.cmd(Command.XACK).arg(LedgerKeys.events(partition)).arg(GROUP)
                    .arg(event.streamId()));
        }
    }

    /** Delivers the partition's undelivered events to the group and neither writes nor acknowledges them. */
    void deliverOnly(String account) {
        read(Partitions.of(account, partitions));
    }

    private List<LedgerEvent> read(int partition) {
        var stream = LedgerKeys.events(partition);
        try {
            send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg(GROUP).arg("0")
                    .arg("MKSTREAM"));
        } catch (RuntimeException busy) {
            // BUSYGROUP: the group exists already
        }
        var reply = send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP)
                .arg("test-writer").arg("COUNT").arg(100_000).arg("STREAMS").arg(stream).arg(">"));
        var events = new ArrayList<LedgerEvent>();
        if (reply == null) {
            return events;
        }
        // RESP3 answers a map of stream to entries, RESP2 an array of [stream, entries]
        Response entries;
        try {
            entries = reply.get(stream);
        } catch (RuntimeException notAMap) {
            entries = reply.get(0).get(1);
        }
        for (Response entry : entries) {
            var flat = new ArrayList<String>();
            entry.get(1).forEach(value -> flat.add(value.toString()));
            events.add(new LedgerEvent(partition, entry.get(0).toString(), EventFormat.fields(flat)));
        }
        return events;
    }

    private void insert(LedgerEntry e) {
        pg.preparedQuery("SELECT tally_ensure_month($1)").execute(Tuple.of(e.occurredAt().atOffset(ZoneOffset.UTC)))
                .await().atMost(TIMEOUT);
        pg.preparedQuery(INSERT).execute(Tuple.tuple(LedgerEntry.COLUMNS.arrays(List.of(e)))).await().atMost(TIMEOUT);
    }

    private Response send(Request request) {
        return redis.send(request).await().atMost(TIMEOUT);
    }
}
