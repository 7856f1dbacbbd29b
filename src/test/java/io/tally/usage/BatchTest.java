package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What a writer lane does with what it holds, without I/O: what one transaction writes and acknowledges, and when. */
class BatchTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final EventDetails DETAILS = new EventDetails(new ObjectMapper());

    static Stream<Arguments> writes() {
        return Stream.of(
                arguments("nothing held", List.of(),
                        List.of(), List.of(), Map.of(), List.of()),
                arguments("grants of two partitions: entries in order, acknowledgements by partition",
                        List.of(grant(1, "1-0", "g1"), grant(0, "2-0", "g2"), grant(1, "3-0", "g3")),
                        List.of("g1", "g2", "g3"), List.of(), Map.of(0, List.of("2-0"), 1, List.of("1-0", "3-0")),
                        List.of()),
                arguments("an entry claimed and read again: written once, acknowledged twice",
                        List.of(reserve("1-0", "e1", "r1"), reserve("1-0", "e1", "r1")),
                        List.of("e1"), List.of("r1 reserved"), Map.of(0, List.of("1-0", "1-0")), List.of()),
                arguments("one event in two entries: written once, both acknowledged",
                        List.of(grant(0, "1-0", "g1"), grant(0, "2-0", "g1")),
                        List.of("g1"), List.of(), Map.of(0, List.of("1-0", "2-0")), List.of()),
                arguments("reserve then commit: one record, committed",
                        List.of(reserve("1-0", "e1", "r1"), settle("2-0", "e2", "r1", "commit")),
                        List.of("e1", "e2"), List.of("r1 committed"), Map.of(0, List.of("1-0", "2-0")), List.of()),
                arguments("a reclaimed reserve after its release: still released",
                        List.of(settle("2-0", "e2", "r1", "release"), reserve("1-0", "e1", "r1")),
                        List.of("e1", "e2"), List.of("r1 released"), Map.of(0, List.of("2-0", "1-0")), List.of()),
                arguments("events read in another order: rows in key order, so every writer locks alike",
                        List.of(reserve("2-0", "e9", "r9"), reserve("1-0", "e1", "r1"), meter("3-0", "e5")),
                        List.of("e1", "e5", "e9"), List.of("e5 committed", "r1 reserved", "r9 reserved"),
                        Map.of(0, List.of("2-0", "1-0", "3-0")), List.of()),
                arguments("two reservations and a metered use",
                        List.of(reserve("1-0", "e1", "r1"), reserve("2-0", "e2", "r2"), meter("3-0", "m1")),
                        List.of("e1", "e2", "m1"), List.of("m1 committed", "r1 reserved", "r2 reserved"),
                        Map.of(0, List.of("1-0", "2-0", "3-0")), List.of()),
                arguments("an unknown type: neither written nor acknowledged, the others go on",
                        List.of(grant(0, "1-0", "g1"), event(0, "2-0", "x1", "bogus"), grant(0, "3-0", "g2")),
                        List.of("g1", "g2"), List.of(), Map.of(0, List.of("1-0", "3-0")), List.of("2-0")),
                arguments("an unreadable detail: no entry without its record",
                        List.of(with(reserve("1-0", "e1", "r1"), "detail", "{"), reserve("2-0", "e2", "r2")),
                        List.of("e2"), List.of("r2 reserved"), Map.of(0, List.of("2-0")), List.of("1-0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void whatOneTransactionWritesAndAcknowledges(String name, List<LedgerEvent> events, List<String> entries,
            List<String> records, Map<Integer, List<String>> acks, List<String> unwritable) {
        var write = Batch.EMPTY.plus(events, T0).write(DETAILS::record);
        assertThat(write.entries()).extracting(LedgerEntry::eventId).containsExactlyElementsOf(entries);
        assertThat(write.records()).extracting(r -> r.id() + " " + r.status().label())
                .containsExactlyElementsOf(records);
        assertThat(write.acks()).isEqualTo(acks);
        assertThat(write.unwritable()).extracting(bad -> bad.event().streamId()).containsExactlyElementsOf(unwritable);
    }

    @ParameterizedTest(name = "{0} events, the first {1} ms ago: due {2}, else wait {3} ms")
    @CsvSource({
            "0, 0,  false, 20",
            "1, 0,  false, 20",
            "2, 40, false, 10",
            "1, 49, false, 1",
            "1, 50, true,  -",
            "3, 0,  true,  -",
    })
    void aBatchIsDueWhenFullOrOldEnough(int size, long waitedMillis, boolean due, String wait) {
        var events = new ArrayList<LedgerEvent>();
        for (int i = 0; i < size; i++) {
            events.add(grant(0, i + "-0", "g" + i));
        }
        var batch = Batch.EMPTY.plus(events, T0);
        var now = T0.plusMillis(waitedMillis);
        var maxWait = Duration.ofMillis(50);
        assertThat(batch.due(now, 3, maxWait)).isEqualTo(due);
        if (!due) {
            assertThat(batch.idleWait(now, maxWait, Duration.ofMillis(20))).isEqualTo(Duration.ofMillis(Long.parseLong(wait)));
        }
    }

    @Test
    void theFirstEventsStartTheClockAndASealedBatchKeepsItsEvents() {
        var batch = Batch.EMPTY.plus(List.of(), T0).plus(List.of(grant(0, "1-0", "g1")), T0.plusSeconds(1))
                .plus(List.of(grant(0, "2-0", "g2")), T0.plusSeconds(2));
        assertThat(batch.since()).isEqualTo(T0.plusSeconds(1));
        var sealed = batch.seal();
        assertThat(sealed.sealed()).isTrue();
        assertThat(sealed.events()).isEqualTo(batch.events());
        assertThat(batch.sealed()).isFalse();
    }

    @ParameterizedTest(name = "{0} held of {1}, busy {2}: {3}")
    @CsvSource(delimiter = ';', value = {
            "0; 100; false,false,false,false; 25,25,25,25",
            "0; 100; true,false,false,false;  50,16,16,16",
            "0; 100; true,true,false,false;   25,25,25,25",
            "0; 10;  true,true,true;          1,1,1",
            "0; 2;   false,false,false,false; 1,1,1,1",
            "60; 100; false,true;             20,20",
    })
    void theRoomLeftIsSharedOutHalfToTheBusyPartitions(int held, int maxSize, String busy, String shares) {
        var events = new ArrayList<LedgerEvent>();
        for (int i = 0; i < held; i++) {
            events.add(grant(0, i + "-0", "g" + i));
        }
        var flags = Stream.of(busy.split(",")).map(Boolean::parseBoolean).toList();
        assertThat(Batch.EMPTY.plus(events, T0).shares(maxSize, flags))
                .containsExactly(Stream.of(shares.split(",")).mapToInt(Integer::parseInt).toArray());
    }

    private static LedgerEvent grant(int partition, String streamId, String id) {
        return with(event(partition, streamId, id, "grant"), "lot", "lot-" + id);
    }

    private static LedgerEvent reserve(String streamId, String id, String reservation) {
        return with(with(event(0, streamId, id, "reserve"), "reservation", reservation), "detail",
                "{\"direction\":\"OUTBOUND\",\"to\":\"+393471234567\"}");
    }

    private static LedgerEvent settle(String streamId, String id, String reservation, String type) {
        var settle = with(with(event(0, streamId, id, type), "reservation", reservation), "reserved",
                Long.toString(T0.toEpochMilli()));
        return with(settle, "committed", "commit".equals(type) ? "1000000" : "0");
    }

    private static LedgerEvent meter(String streamId, String id) {
        return with(event(0, streamId, id, "meter"), "detail", "{\"direction\":\"INBOUND\"}");
    }

    private static LedgerEvent event(int partition, String streamId, String id, String type) {
        return new LedgerEvent(partition, streamId, Map.of("id", id, "type", type, "account", "a", "amount",
                "1000000", "time", Long.toString(T0.toEpochMilli()), "service", "SMS"));
    }

    private static LedgerEvent with(LedgerEvent event, String field, String value) {
        var fields = new HashMap<>(event.fields());
        fields.put(field, value);
        return new LedgerEvent(event.partition(), event.streamId(), fields);
    }
}
