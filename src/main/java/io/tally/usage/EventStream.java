package io.tally.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.tally.ledger.EventFormat;
import io.tally.ledger.LedgerKeys;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The usage writer's side of the partition streams ({@code {pN}:events}): one consumer group, this replica one
 * consumer in it. Reads new entries, reclaims the stale pending entries of dead consumers, acknowledges written ones,
 * reports a stream's backlog and trims it below the oldest entry the group still needs. Works unchanged on Redis
 * Cluster: every command names one stream.
 */
class EventStream {
    private static final Logger LOG = Logger.getLogger(EventStream.class);

    private final RedisPipes redis;
    private final String group;
    private final String consumer;

    EventStream(RedisPipes redis, String group, String consumer) {
        this.redis = redis;
        this.group = group;
        this.consumer = consumer;
    }

    String consumer() {
        return consumer;
    }

    /** Creates the group on the stream (from its first entry; the stream too if missing); an existing one stays. */
    Uni<Void> join(int partition) {
        return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(LedgerKeys.events(partition)).arg(group)
                .arg("0").arg("MKSTREAM"))
                .replaceWithVoid()
                .onFailure(EventStream::isBusyGroup).recoverWithNull();
    }

    /**
     * Up to {@code count} entries never delivered to the group, now delivered to this consumer. When the group (or
     * the stream) is missing, at start or because Redis lost its data, it is created, from the stream's first entry,
     * and read at once.
     */
    Uni<List<LedgerEvent>> read(int partition, int count) {
        return readGroup(partition, count)
                .onFailure(EventStream::isNoGroup).recoverWithUni(() -> join(partition)
                        .invoke(() -> LOG.infof("Consumer group %s created on %s (new, or Redis lost it)", group,
                                LedgerKeys.events(partition)))
                        .chain(() -> readGroup(partition, count)));
    }

    private Uni<List<LedgerEvent>> readGroup(int partition, int count) {
        return redis.send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer).arg("COUNT")
                .arg(count).arg("STREAMS").arg(LedgerKeys.events(partition)).arg(">"))
                .map(response -> entriesOfRead(partition, response));
    }

    /**
     * Up to {@code count} entries pending longer than {@code minIdle} with any consumer, now this consumer's; none
     * when the group is missing (the next read creates it).
     */
    Uni<List<LedgerEvent>> claim(int partition, Duration minIdle, int count) {
        return redis.send(Request.cmd(Command.XAUTOCLAIM).arg(LedgerKeys.events(partition)).arg(group).arg(consumer)
                .arg(minIdle.toMillis()).arg("0-0").arg("COUNT").arg(count))
                .map(response -> response == null || response.size() < 2 ? List.<LedgerEvent> of()
                        : entries(partition, response.get(1)))
                .onFailure(EventStream::isNoGroup).recoverWithItem(List.of());
    }

    Uni<Void> ack(int partition, List<String> streamIds) {
        var request = Request.cmd(Command.XACK).arg(LedgerKeys.events(partition)).arg(group);
        streamIds.forEach(request::arg);
        return redis.send(request).replaceWithVoid();
    }

    /**
     * The stream's length and what the group has not written yet. A missing stream has no backlog; a stream without
     * the group (Redis lost it, and the writer has not read since) has nothing pending and all of it undelivered.
     */
    Uni<Backlog> backlog(int partition) {
        var stream = LedgerKeys.events(partition);
        return Uni.combine().all()
                .unis(redis.send(Request.cmd(Command.XLEN).arg(stream)),
                        redis.send(Request.cmd(Command.XPENDING).arg(stream).arg(group))
                                .map(Optional::of)
                                .onFailure(EventStream::isNoGroup).recoverWithItem(Optional.empty()),
                        redis.send(Request.cmd(Command.XINFO).arg("GROUPS").arg(stream))
                                .onFailure(EventStream::isNoSuchKey).recoverWithItem((Response) null))
                .asTuple()
                .chain(t -> {
                    var groups = t.getItem3() == null ? List.<Response> of() : t.getItem3();
                    long pending = t.getItem2().map(summary -> summary.get(0).toLong()).orElse(0L);
                    var oldestPending = pending == 0 ? Optional.<String> empty()
                            : Optional.of(t.getItem2().get().get(1).toString());
                    var lastDelivered = lastDelivered(groups);
                    return Uni.combine().all()
                            .unis(firstUndelivered(stream, lastDelivered), othersNeed(stream, groups))
                            .asTuple()
                            .map(more -> new Backlog(partition, t.getItem1().toLong(), pending, oldestPending,
                                    lastDelivered, more.getItem1(), more.getItem2()));
                });
    }

    /**
     * The oldest entry any other group on the stream (another consumer of the events) still needs: its oldest pending
     * entry, else its last delivered one. Empty when ours is the only group.
     */
    private Uni<Optional<String>> othersNeed(String stream, Iterable<Response> groups) {
        var needs = new ArrayList<Uni<String>>();
        for (var info : groups) {
            var name = field(info, "name");
            if (group.equals(name)) {
                continue;
            }
            var lastDelivered = field(info, "last-delivered-id");
            needs.add("0".equals(field(info, "pending")) ? Uni.createFrom().item(lastDelivered)
                    : redis.send(Request.cmd(Command.XPENDING).arg(stream).arg(name))
                            .map(summary -> summary.get(1).toString()));
        }
        return needs.isEmpty() ? Uni.createFrom().item(Optional.empty())
                : Uni.join().all(needs).andFailFast()
                        .map(ids -> ids.stream().min(Backlog::compareIds));
    }

    /**
     * Removes from the group the consumers (other than this one) with nothing pending that have been idle longer
     * than {@code idle}: every replica that ever ran leaves one behind. A live one that was only quiet is recreated by
     * its next read. Answers how many went (none when the stream or the group is missing).
     */
    Uni<Integer> removeIdleConsumers(int partition, Duration idle) {
        var stream = LedgerKeys.events(partition);
        return redis.send(Request.cmd(Command.XINFO).arg("CONSUMERS").arg(stream).arg(group))
                .chain(consumers -> {
                    var gone = new ArrayList<Uni<Response>>();
                    for (var info : consumers) {
                        var name = field(info, "name");
                        if (!consumer.equals(name) && "0".equals(field(info, "pending"))
                                && Long.parseLong(field(info, "idle")) > idle.toMillis()) {
                            gone.add(redis.send(Request.cmd(Command.XGROUP).arg("DELCONSUMER").arg(stream).arg(group)
                                    .arg(name)));
                        }
                    }
                    return gone.isEmpty() ? Uni.createFrom().item(0)
                            : Uni.join().all(gone).andFailFast().map(List::size);
                })
                .onFailure(failure -> isNoGroup(failure) || isNoSuchKey(failure)).recoverWithItem(0);
    }

    /** Removes the entries below {@code minId} (approximately: whole macro nodes only, never past it). */
    Uni<Long> trim(int partition, String minId) {
        return redis.send(Request.cmd(Command.XTRIM).arg(LedgerKeys.events(partition)).arg("MINID").arg("~")
                .arg(minId))
                .map(Response::toLong);
    }

    private Uni<Optional<String>> firstUndelivered(String stream, String lastDelivered) {
        return redis.send(Request.cmd(Command.XRANGE).arg(stream).arg("(" + lastDelivered).arg("+").arg("COUNT")
                .arg(1))
                .map(response -> response == null || response.size() == 0 ? Optional.<String> empty()
                        : Optional.of(response.get(0).get(0).toString()));
    }

    private String lastDelivered(Iterable<Response> groups) {
        for (var info : groups) {
            if (group.equals(field(info, "name"))) {
                return field(info, "last-delivered-id");
            }
        }
        return "0-0";
    }

    /** A field of an XINFO reply: a map (RESP3) or a flat list of names and values (RESP2). */
    private static String field(Response info, String name) {
        if (info.getKeys() != null && !info.getKeys().isEmpty()) {
            var value = info.get(name);
            return value == null ? null : value.toString();
        }
        for (int i = 0; i + 1 < info.size(); i += 2) {
            if (name.equals(info.get(i).toString())) {
                return info.get(i + 1) == null ? null : info.get(i + 1).toString();
            }
        }
        return null;
    }

    /** XREADGROUP answers null (nothing new), or per stream its entries: a map (RESP3) or pairs (RESP2). */
    private static List<LedgerEvent> entriesOfRead(int partition, Response response) {
        if (response == null || response.size() == 0) {
            return List.of();
        }
        if (response.getKeys() != null && !response.getKeys().isEmpty()) {
            var events = new ArrayList<LedgerEvent>();
            for (var key : response.getKeys()) {
                events.addAll(entries(partition, response.get(key)));
            }
            return events;
        }
        var events = new ArrayList<LedgerEvent>();
        for (var stream : response) {
            events.addAll(entries(partition, stream.get(1)));
        }
        return events;
    }

    /** Stream entries [id, [field, value, …]]; an entry deleted while pending comes back as null and is skipped. */
    private static List<LedgerEvent> entries(int partition, Response entries) {
        var events = new ArrayList<LedgerEvent>();
        if (entries == null) {
            return events;
        }
        for (var entry : entries) {
            if (entry == null || entry.size() < 2 || entry.get(1) == null) {
                continue;
            }
            var id = entry.get(0).toString();
            var flat = new ArrayList<String>();
            for (var value : entry.get(1)) {
                flat.add(value.toString());
            }
            try {
                events.add(new LedgerEvent(partition, id, EventFormat.fields(flat)));
            } catch (IllegalArgumentException e) {
                // Never acknowledged: it stays pending, visible in the backlog, until someone looks at it.
                LOG.errorf("Unreadable ledger event %s in partition %d: %s", id, partition, e.getMessage());
            }
        }
        return events;
    }

    private static boolean isBusyGroup(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("BUSYGROUP");
    }

    /** The stream or the group is missing (a command that needs the group). */
    private static boolean isNoGroup(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("NOGROUP");
    }

    /** The stream is missing (XINFO GROUPS, XINFO CONSUMERS). */
    private static boolean isNoSuchKey(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith("ERR no such key");
    }

    /**
     * A partition's backlog: the stream's length, the group's pending entries (delivered, not acknowledged) and the
     * oldest of them, the last entry delivered to the group, the first entry not delivered yet, and the oldest entry
     * another group on the stream still needs (none when ours is the only one).
     */
    record Backlog(int partition, long length, long pending, Optional<String> oldestPending, String lastDelivered,
            Optional<String> firstUndelivered, Optional<String> othersNeed) {

        /** The oldest entry the group has not written: the oldest pending one, else the first undelivered one. */
        Optional<String> oldestUnwritten() {
            return oldestPending.isPresent() ? oldestPending : firstUndelivered;
        }

        /**
         * Below this id every entry is written and no other group needs it: the oldest pending one, else the last
         * delivered one, or what another group still needs if that is older.
         */
        String trimBelow() {
            var ours = oldestPending.orElse(lastDelivered);
            return othersNeed.filter(theirs -> compareIds(theirs, ours) < 0).orElse(ours);
        }

        /** Stream ids in stream order: {@code <ms>-<seq>}, numerically. */
        static int compareIds(String a, String b) {
            int byMillis = Long.compare(millisOf(a), millisOf(b));
            return byMillis != 0 ? byMillis : Long.compare(sequenceOf(a), sequenceOf(b));
        }

        private static long sequenceOf(String streamId) {
            int dash = streamId.indexOf('-');
            return dash < 0 ? 0 : Long.parseLong(streamId.substring(dash + 1));
        }

        boolean settled() {
            return oldestUnwritten().isEmpty();
        }

        static long millisOf(String streamId) {
            int dash = streamId.indexOf('-');
            return Long.parseLong(dash < 0 ? streamId : streamId.substring(0, dash));
        }
    }
}
