package io.tally.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tally.ledger.LedgerKeys;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The webhook deliverer's side of the alert streams ({@code {pN}:alerts}): one consumer group, this replica one
 * consumer in it. Reads new entries, claims those a dead consumer left pending, acknowledges handled ones. Every
 * command names one stream, so it works unchanged on Redis Cluster.
 */
class RedisAlertStream {
    private static final Logger LOG = Logger.getLogger(RedisAlertStream.class);

    private final RedisPipes redis;
    private final String group;
    private final String consumer;

    RedisAlertStream(RedisPipes redis, String group, String consumer) {
        this.redis = redis;
        this.group = group;
        this.consumer = consumer;
    }

    static String key(int partition) {
        return LedgerKeys.tag(partition) + ":alerts";
    }

    /** An entry of a stream: its stream id and the alert, or null when it cannot be read. */
    record Entry(int partition, String streamId, Alert alert) {
    }

    /** Creates the group from the stream's first entry (the stream too if missing); an existing one stays. */
    Uni<Void> join(int partition) {
        return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(key(partition)).arg(group).arg("0")
                .arg("MKSTREAM"))
                .replaceWithVoid()
                .onFailure(failure -> startsWith(failure, "BUSYGROUP")).recoverWithNull();
    }

    /** Up to {@code count} entries never delivered to the group, now this consumer's; creates a missing group. */
    Uni<List<Entry>> read(int partition, int count) {
        return readGroup(partition, count)
                .onFailure(failure -> startsWith(failure, "NOGROUP")).recoverWithUni(() -> join(partition)
                        .chain(() -> readGroup(partition, count)));
    }

    private Uni<List<Entry>> readGroup(int partition, int count) {
        return redis.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer).arg("COUNT")
                .arg(count).arg("STREAMS").arg(key(partition)).arg(">"))
                .map(response -> entriesOfRead(partition, response));
    }

    /** Up to {@code count} entries pending longer than {@code minIdle} with any consumer, now this consumer's. */
    Uni<List<Entry>> claim(int partition, Duration minIdle, int count) {
        return redis.send(Request.cmd(Command.XAUTOCLAIM).arg(key(partition)).arg(group).arg(consumer)
                .arg(minIdle.toMillis()).arg("0-0").arg("COUNT").arg(count))
                .map(response -> response == null || response.size() < 2 ? List.<Entry> of()
                        : entries(partition, response.get(1)))
                .onFailure(failure -> startsWith(failure, "NOGROUP")).recoverWithItem(List.of());
    }

    Uni<Void> ack(int partition, List<String> streamIds) {
        if (streamIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        var request = Request.cmd(Command.XACK).arg(key(partition)).arg(group);
        streamIds.forEach(request::arg);
        return redis.send(request).replaceWithVoid();
    }

    private static List<Entry> entriesOfRead(int partition, Response response) {
        var entries = new ArrayList<Entry>();
        if (response == null || response.size() == 0) {
            return entries;
        }
        if (response.getKeys() != null && !response.getKeys().isEmpty()) {
            for (var key : response.getKeys()) {
                entries.addAll(entries(partition, response.get(key)));
            }
            return entries;
        }
        for (var stream : response) {
            entries.addAll(entries(partition, stream.get(1)));
        }
        return entries;
    }

    /** Entries [id, [field, value, …]]; one deleted while pending comes back as null and is acknowledged. */
    private static List<Entry> entries(int partition, Response list) {
        var entries = new ArrayList<Entry>();
        if (list == null) {
            return entries;
        }
        for (var entry : list) {
            if (entry == null || entry.size() < 1) {
                continue;
            }
            var id = entry.get(0).toString();
            if (entry.size() < 2 || entry.get(1) == null) {
                entries.add(new Entry(partition, id, null));
                continue;
            }
            var fields = new LinkedHashMap<String, String>();
            var flat = entry.get(1);
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(flat.get(i).toString(), flat.get(i + 1).toString());
            }
            try {
                entries.add(new Entry(partition, id, Alert.of(fields)));
            } catch (IllegalArgumentException e) {
                LOG.errorf("Unreadable alert %s in %s (acknowledged, not delivered): %s", id, key(partition),
                        e.getMessage());
                entries.add(new Entry(partition, id, null));
            }
        }
        return entries;
    }

    private static boolean startsWith(Throwable failure, String code) {
        return failure.getMessage() != null && failure.getMessage().startsWith(code);
    }
}
