package io.tally.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.smallrye.mutiny.Uni;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Reads of the partitions' alert streams ({@code {pN}:alerts}) and of an account's rule states. The blocking read
 * of new alerts goes through {@code blocking}, a connection of its own: a blocked XREAD holds its connection.
 */
final class RedisAlertStreams {
    private final RedisPipes redis;
    private final RedisPipes blocking;
    private final AlertKeys keys;

    RedisAlertStreams(RedisPipes redis, RedisPipes blocking, AlertKeys keys) {
        this.redis = redis;
        this.blocking = blocking;
        this.keys = keys;
    }

    /** The newest entry id of a partition's stream, {@code 0-0} when it has none. */
    Uni<String> lastId(int partition) {
        return redis.send(Request.cmd(Command.XREVRANGE).arg(AlertKeys.stream(partition)).arg("+").arg("-")
                .arg("COUNT").arg(1))
                .map(response -> response == null || response.size() == 0 ? "0-0" : response.get(0).get(0).toString());
    }

    /** The oldest entry id still in a partition's stream; empty when it has none. */
    Uni<Optional<String>> firstId(int partition) {
        return redis.send(Request.cmd(Command.XRANGE).arg(AlertKeys.stream(partition)).arg("-").arg("+")
                .arg("COUNT").arg(1))
                .map(response -> response == null || response.size() == 0 ? Optional.<String> empty()
                        : Optional.of(response.get(0).get(0).toString()));
    }

    /**
     * What a read found: the alerts (of every account of the partition), how many entries were read and the last
     * entry's id ({@code after}, the id read after, when none).
     */
    record Read(List<Alert> alerts, List<String> entries, String last) {
        int count() {
            return entries.size();
        }
    }

    /** Up to {@code count} entries after {@code id} (exclusive), oldest first. */
    Uni<Read> after(int partition, String id, int count) {
        return redis.send(Request.cmd(Command.XRANGE).arg(AlertKeys.stream(partition)).arg("(" + id).arg("+")
                .arg("COUNT").arg(count))
                .map(entries -> read(entries, id));
    }

    /**
     * New entries after each partition's id, waiting up to {@code block}: the alerts of each partition that has
     * some. Standalone Redis only (one XREAD names every partition's stream).
     */
    Uni<Map<Integer, Read>> read(String[] ids, int count, Duration block) {
        var request = Request.cmd(Command.XREAD).arg("COUNT").arg(count).arg("BLOCK").arg(block.toMillis())
                .arg("STREAMS");
        for (int p = 0; p < ids.length; p++) {
            request.arg(AlertKeys.stream(p));
        }
        for (var id : ids) {
            request.arg(id);
        }
        return blocking.send(request).map(response -> byPartition(response, ids));
    }

    /**
     * New entries of one partition's stream after {@code id}, waiting up to {@code block}, through {@code lane} (a
     * connection of its own: the read blocks it). One stream per XREAD, so it works on Redis Cluster too, where one
     * command cannot name keys of several slots.
     */
    static Uni<Read> read(RedisPipes lane, int partition, String id, int count, Duration block) {
        return lane.send(Request.cmd(Command.XREAD).arg("COUNT").arg(count).arg("BLOCK").arg(block.toMillis())
                .arg("STREAMS").arg(AlertKeys.stream(partition)).arg(id))
                .map(response -> {
                    var ids = new String[partition + 1];
                    ids[partition] = id;
                    var found = byPartition(response, ids).get(partition);
                    return found == null ? read(null, id) : found;
                });
    }

    /** The account's mirrored rules (lines of {@link RuleMirror}) and the fields of its firing states. */
    Uni<Resync> resync(String account, String entry, Optional<Set<String>> subAccounts) {
        return Uni.combine().all()
                .unis(redis.send(Request.cmd(Command.GET).arg(keys.rules(account))),
                        redis.send(Request.cmd(Command.HKEYS).arg(keys.states(account))))
                .asTuple()
                .map(found -> {
                    var rules = found.getItem1() == null || found.getItem1().toString().isEmpty() ? List.<String> of()
                            : List.of(found.getItem1().toString().split("\n"));
                    var states = new ArrayList<String>();
                    if (found.getItem2() != null) {
                        found.getItem2().forEach(field -> states.add(field.toString()));
                    }
                    return Resync.of(entry, rules, states, subAccounts);
                });
    }

    static Map<Integer, Read> byPartition(Response response, String[] ids) {
        var out = new HashMap<Integer, Read>();
        if (response == null || response.size() == 0) {
            return out;
        }
        if (response.getKeys() != null && !response.getKeys().isEmpty()) {
            for (var key : response.getKeys()) {
                int partition = partitionOf(key);
                out.put(partition, read(response.get(key), ids[partition]));
            }
            return out;
        }
        for (var stream : response) {
            int partition = partitionOf(stream.get(0).toString());
            out.put(partition, read(stream.get(1), ids[partition]));
        }
        return out;
    }

    private static int partitionOf(String stream) {
        return Integer.parseInt(stream.substring(2, stream.indexOf('}')));
    }

    /** Stream entries [id, [field, value, …]] as alerts; an entry of another shape is skipped (but counted). */
    static Read read(Response entries, String after) {
        var alerts = new ArrayList<Alert>();
        var ids = new ArrayList<String>();
        var last = after;
        if (entries == null) {
            return new Read(alerts, ids, last);
        }
        for (var entry : entries) {
            if (entry == null || entry.size() < 2 || entry.get(1) == null) {
                continue;
            }
            last = entry.get(0).toString();
            ids.add(last);
            var fields = new HashMap<String, String>();
            var values = entry.get(1);
            for (int i = 0; i + 1 < values.size(); i += 2) {
                fields.put(values.get(i).toString(), values.get(i + 1).toString());
            }
            Alert.of(entry.get(0).toString(), fields).ifPresent(alerts::add);
        }
        return new Read(alerts, ids, last);
    }
}
