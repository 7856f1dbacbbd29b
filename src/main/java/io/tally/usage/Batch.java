package io.tally.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a writer lane holds: the events read and not yet written, since when, and whether a write of them has been
 * tried (a sealed batch takes no more events: it is retried as it is, so a lane never holds more than one batch).
 * Pure: it says when the batch is due, how long to wait for more, and what one transaction writes and acknowledges.
 */
record Batch(List<LedgerEvent> events, Instant since, boolean sealed) {
    static final Batch EMPTY = new Batch(List.of(), Instant.EPOCH, false);

    Batch {
        events = List.copyOf(events);
    }

    /** This batch and the events just read (the first ones start the clock). */
    Batch plus(List<LedgerEvent> read, Instant now) {
        if (read.isEmpty()) {
            return this;
        }
        var all = new ArrayList<>(events);
        all.addAll(read);
        return new Batch(all, events.isEmpty() ? now : since, sealed);
    }

    /** The same events, to be retried as they are. */
    Batch seal() {
        return new Batch(events, since, true);
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    int size() {
        return events.size();
    }

    /** Full, or its oldest event has waited {@code maxWait}. */
    boolean due(Instant now, int maxSize, Duration maxWait) {
        return !isEmpty() && (size() >= maxSize || !now.isBefore(since.plus(maxWait)));
    }

    /**
     * How long to wait before reading again when nothing new came: {@code poll} when empty, else until the batch is
     * due (at least 1 ms), but no longer than {@code poll}.
     */
    Duration idleWait(Instant now, Duration maxWait, Duration poll) {
        if (isEmpty()) {
            return poll;
        }
        var left = Duration.between(now, since.plus(maxWait));
        return left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left.compareTo(poll) < 0 ? left : poll;
    }

    /**
     * How many entries to ask of each partition ({@code busy}: whether its last read came back full): the room left
     * below {@code maxSize} shared out, half of it to the busy partitions when there are some; at least one each.
     */
    int[] shares(int maxSize, List<Boolean> busy) {
        int room = maxSize - size();
        int n = busy.size();
        long hot = busy.stream().filter(b -> b).count();
        int perHot = (int) Math.max(1, hot == 0 ? 0 : room / 2 / hot);
        int perCold = (int) Math.max(1, hot == 0 ? room / n : room / 2 / Math.max(1, n - hot));
        var shares = new int[n];
        for (int i = 0; i < n; i++) {
            shares[i] = busy.get(i) ? perHot : perCold;
        }
        return shares;
    }

    /**
     * What one transaction writes and then acknowledges: one entry per event id (an event claimed and read again is
     * written once and acknowledged twice), the usage records merged per record (a settled state beats
     * {@code reserved}, whatever the order), the stream ids to acknowledge by partition. An event that cannot be
     * turned into rows is neither written nor acknowledged: it stays pending, visible in the backlog. Rows are in key
     * order (entries by event id, records by id and time), so that two writers' transactions that touch the same rows
     * lock them in the same order and never deadlock.
     */
    Write write(Function<LedgerEvent, Optional<UsageRecord>> recordOf) {
        var entries = new ArrayList<LedgerEntry>(events.size());
        var records = new TreeMap<String, UsageRecord>();
        var acks = new TreeMap<Integer, List<String>>();
        var unwritable = new ArrayList<Unwritable>();
        var seen = new HashSet<String>();
        for (var event : events) {
            try {
                if (!seen.contains(event.id())) {
                    var entry = LedgerEntry.of(event);
                    var record = recordOf.apply(event);
                    seen.add(entry.eventId());
                    entries.add(entry);
                    record.ifPresent(r -> records.merge(r.id() + "@" + r.occurredAt(), r, UsageRecord::merge));
                }
                acks.computeIfAbsent(event.partition(), p -> new ArrayList<>()).add(event.streamId());
            } catch (RuntimeException e) {
                unwritable.add(new Unwritable(event, e.toString()));
            }
        }
        entries.sort(Comparator.comparing(LedgerEntry::eventId));
        return new Write(entries, List.copyOf(records.values()), acks, unwritable);
    }

    /** One transaction's rows, and what to acknowledge after it commits. */
    record Write(List<LedgerEntry> entries, List<UsageRecord> records, Map<Integer, List<String>> acks,
            List<Unwritable> unwritable) {
    }

    /** An event the writer cannot turn into rows (a bug): logged, never acknowledged. */
    record Unwritable(LedgerEvent event, String reason) {
    }
}
