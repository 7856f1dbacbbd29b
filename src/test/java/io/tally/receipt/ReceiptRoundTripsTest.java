package io.tally.receipt;

import static io.tally.receipt.DeliveryStatus.ACCEPTED;
import static io.tally.receipt.DeliveryStatus.DELIVERED;
import static io.tally.receipt.DeliveryStatus.FAILED;
import static io.tally.receipt.DeliveryStatus.UNDELIVERED;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.ledger.HoldState;
import io.tally.ledger.Partitions;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * A receipt whose status URL names its reservation is one script at Redis: it maps, records and settles, and the
 * ledger sees the same settle (writes, event id, event) as through the separate scripts.
 */
@QuarkusTest
class ReceiptRoundTripsTest {
    @Inject
    Receipts receipts;

    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @ConfigProperty(name = "tally.redis.url")
    String redisUrl;

    @Test
    void aReceiptNamingItsReservationIsOneRoundTripToRedis() throws Exception {
        var m = Messages.funded("10");
        // The account's policy cached, and the script known to Redis should it have restarted since start-up.
        apply(withUrl(m.receipt("twilio", "SM-warm", 1, null, DELIVERED, null), m.reserve("warm", 1)));
        var decided = m.reserve("k1", 2);
        var waiting = m.reserve("k2", 2);
        var dispatched = m.reserve("k3", 1);
        Messages.dispatch(dispatched, "twilio", "SM-3", null).statusCode(200);

        try (var monitor = RedisMonitor.open(redisUrl)) {
            var outcome = ReceiptFlowTest.settled(apply(withUrl(m.receipt("twilio", "SM-1", 1, null, DELIVERED,
                    null), decided)));
            assertThat(outcome.state()).isEqualTo(HoldState.COMMITTED);
            assertThat(monitor.sentNaming(redis, m.account)).as("mapped, recorded and settled")
                    .singleElement().asString().matches("(?i)^\"evalsha\".*");

            assertThat(apply(withUrl(m.receipt("twilio", "SM-2", 1, 2, DELIVERED, 1), waiting)))
                    .isEqualTo(new ReceiptOutcome.Recorded(waiting));
            assertThat(monitor.sentNaming(redis, m.account)).as("mapped and recorded").hasSize(1);

            ReceiptFlowTest.settled(apply(m.receipt("twilio", "SM-3", 1, null, DELIVERED, null)));
            assertThat(monitor.sentNaming(redis, m.account)).as("a receipt of a dispatched message: recorded, then "
                    + "settled with the ledger's settle").hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0}, {1} segment(s) reported of 3, parts {2}")
    @CsvSource(nullValues = "-", value = { "DELIVERED, -, -", "DELIVERED, 2, -", "UNDELIVERED, 1, -", "FAILED, -, -",
            "DELIVERED, -, 1", "REJECTED, -, 1" })
    void theOneScriptWritesTheEventTheSeparateSettleWrites(DeliveryStatus status, Integer segments, Integer parts) {
        var m = Messages.funded("10");
        var separate = m.reserve("k-separate", 3);
        Messages.dispatch(separate, "telnyx", "SM-separate", null).statusCode(200);
        var viaSettle = ReceiptFlowTest.settled(apply(m.receipt("telnyx", "SM-separate", 1, parts, status,
                segments)));
        var one = m.reserve("k-one", 3);
        var inOne = ReceiptFlowTest.settled(apply(withUrl(m.receipt("telnyx", "SM-one", 1, parts, status, segments),
                one)));

        // The message as the separate scripts leave it: the same fields with the same values.
        assertThat(message(m, "SM-one", one)).containsExactlyInAnyOrderElementsOf(message(m, "SM-separate",
                separate));

        assertThat(inOne).usingRecursiveComparison().ignoringFields("reservationId").isEqualTo(viaSettle);
        var events = new HashMap<String, Map<String, String>>();
        m.settles(redis, partitions).forEach(event -> events.put(event.get("reservation"), event));
        assertThat(events.get(one).get("id")).isEqualTo(UUID.nameUUIDFromBytes(("receipt:" + m.account
                + ":telnyx:SM-one:" + one).getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(normalized(events.get(one), one, "one")).isEqualTo(normalized(events.get(separate), separate,
                "separate"));
        assertThat(m.balance().getString("held")).isEqualTo("0");
    }

    @Test
    void receiptsNamingTheirReservationSettleEachMessageOnceInAnyOrder() {
        var m = Messages.funded("1000");
        var random = new Random(20261202);
        var all = new ArrayList<Receipt>();
        var expected = new HashMap<String, Long>();
        long spent = 0;
        for (int i = 0; i < 150; i++) {
            int segments = 1 + random.nextInt(3);
            var rid = m.reserve("k" + i, segments);
            var planned = new ArrayList<Receipt>();
            long committed = plan(m, "SM" + i, segments, random, planned);
            if (i % 3 == 0) {
                Messages.dispatch(rid, "twilio", "SM" + i, planned.get(0).parts()).statusCode(200);
            }
            for (int copy = 0; copy < 3; copy++) {
                planned.forEach(receipt -> all.add(withUrl(receipt, rid)));
            }
            expected.put(rid, committed);
            spent += committed;
        }
        Collections.shuffle(all, random);

        var outcomes = ReceiptFlowTest.all(receipts, all, 32).await().atMost(Messages.WAIT.multipliedBy(6));

        assertThat(outcomes).hasSize(all.size()).noneMatch(o -> o instanceof ReceiptOutcome.Parked);
        var committed = new HashMap<String, Long>();
        m.settles(redis, partitions).forEach(event -> assertThat(committed.put(event.get("reservation"),
                Long.parseLong(event.get("committed")))).as("a second settle of %s", event.get("reservation"))
                .isNull());
        assertThat(committed).isEqualTo(expected);
        var balance = m.balance();
        assertThat(balance.getString("held")).isEqualTo("0");
        assertThat(new BigDecimal(balance.getString("spent"))).isEqualByComparingTo(BigDecimal.valueOf(spent, 6));
        var parked = redis.send(Request.cmd(Command.ZRANGE).arg(ReceiptKeys.parked(Partitions.of(m.account,
                partitions))).arg(0).arg(-1)).await().atMost(Messages.WAIT);
        parked.forEach(member -> assertThat(member.toString()).doesNotStartWith(m.account + ":"));
    }

    /** A message's receipts (one or two parts, a first "accepted" sometimes) and the micro-credits they commit. */
    private static long plan(Messages m, String id, int segments, Random random, List<Receipt> receipts) {
        if (random.nextBoolean()) {
            receipts.add(m.receipt("twilio", id, 1, segments > 1 ? 2 : null, ACCEPTED, null));
        }
        if (segments > 1) {
            int sent = 0;
            for (int part = 1; part <= 2; part++) {
                var status = random.nextBoolean() ? DELIVERED : FAILED;
                sent += status == DELIVERED ? 1 : 0;
                receipts.add(m.receipt("twilio", id, part, 2, status, status == DELIVERED ? 1 : null));
            }
            return sent * 1_000_000L;
        }
        return switch (random.nextInt(3)) {
            case 0 -> {
                receipts.add(m.receipt("twilio", id, 1, null, DELIVERED, null));
                yield 1_000_000L;
            }
            case 1 -> {
                receipts.add(m.receipt("twilio", id, 1, null, UNDELIVERED, 1));
                yield 1_000_000L;
            }
            default -> {
                receipts.add(m.receipt("twilio", id, 1, null, FAILED, null));
                yield 0L;
            }
        };
    }

    /** A message's hash, field by field, its reservation's id as "RID", and whether it expires. */
    private List<String> message(Messages m, String messageId, String reservation) {
        var key = ReceiptKeys.message(Partitions.of(m.account, partitions), m.account, "telnyx", messageId);
        var fields = new ArrayList<String>();
        var keys = redis.send(Request.cmd(Command.HKEYS).arg(key)).await().atMost(Messages.WAIT);
        keys.forEach(field -> fields.add(field + "=" + redis.send(Request.cmd(Command.HGET).arg(key).arg(field
                .toString())).await().atMost(Messages.WAIT).toString().replace(reservation, "RID")));
        long ttl = redis.send(Request.cmd(Command.PTTL).arg(key)).await().atMost(Messages.WAIT).toLong();
        fields.add(ttl > 0 ? "expires" : "ttl " + ttl);
        return fields;
    }

    /** The receipt as a status URL naming {@code reservation} would bring it. */
    private static Receipt withUrl(Receipt r, String reservation) {
        return new Receipt(r.account(), r.carrier(), r.connection(), r.messageId(), r.part(), r.parts(), r.status(),
                r.errorCode(), r.occurredAt(), r.segments(), reservation);
    }

    /** An event without what differs between two messages of the same shape: ids, times, names. */
    private static Map<String, String> normalized(Map<String, String> event, String reservation, String name) {
        var out = new HashMap<String, String>();
        event.forEach((field, value) -> {
            if (!List.of("id", "time", "reserved").contains(field)) {
                out.put(field, value.replace(reservation, "RID").replace("SM-" + name, "MSG")
                        .replace("k-" + name, "KEY"));
            }
        });
        return out;
    }

    private ReceiptOutcome apply(Receipt receipt) {
        return receipts.apply(receipt).await().atMost(Messages.WAIT);
    }
}
