package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.tally.platform.LuaSources;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * The alert stream's trim (alert_trim in {@code lua/ledger/_lib.lua}, of its alerting group) keeps about 26 hours, but never an
 * entry a
 * consumer group still needs (pending, or not read yet), unless the group is more than 7 days behind. XTRIM MINID ~
 * drops whole nodes of 100 entries only, so the streams here hold 500 old entries.
 */
class AlertTrimTest {
    private static final long HOUR = 3_600_000L;
    private static final String TRIM = LuaSources.read("ledger", "_lib")
            + "\nalerting.alert_trim(KEYS[1], tonumber(ARGV[1]))\nreturn redis.call('XLEN', KEYS[1])";

    @Test
    void withoutGroupsEntriesOlderThan26HoursGo() {
        var stream = stream();
        long length = trim(stream, 500_000 + 27 * HOUR);
        assertThat(length).as("most of the 500 old entries went (whole nodes)").isLessThan(200);
        assertThat(first(stream)).isNotEqualTo("1000-0");
    }

    @Test
    void anEntryPendingInAGroupAndEveryEntryAfterItStay() {
        var stream = stream();
        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("webhooks").arg("249000-0"));
        send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg("webhooks").arg("c1").arg("COUNT").arg(1)
                .arg("STREAMS").arg(stream).arg(">"));
        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("alert-writer").arg("$"));
        trim(stream, 500_000 + 27 * HOUR);
        assertThat(send(Request.cmd(Command.XRANGE).arg(stream).arg("250000-0").arg("+")).size())
                .as("the pending entry, all after it and the new one").isEqualTo(252);
        assertThat(first(stream)).as("trimmed below it, by whole nodes").isNotEqualTo("1000-0");
    }

    @Test
    void anEntryAGroupHasNotReadYetStays() {
        var stream = stream();
        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("alert-writer").arg("300000-0"));
        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("webhooks").arg("$"));
        trim(stream, 500_000 + 27 * HOUR);
        assertThat(send(Request.cmd(Command.XRANGE).arg(stream).arg("300001").arg("+")).size())
                .as("every entry after its last delivered one").isEqualTo(201);
    }

    @Test
    void aGroupMoreThanSevenDaysBehindNoLongerHoldsTheStream() {
        var stream = stream();
        send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream).arg("webhooks").arg("0"));
        long length = trim(stream, 500_000 + 8 * 24 * HOUR);
        assertThat(length).isLessThan(200);
    }

    /** A new stream of 500 entries at 1 s, 2 s, … 500 s after the epoch, then one new entry at newest. */
    private static String stream() {
        var stream = "{p0}:alerts:test:" + UUID.randomUUID();
        for (int i = 1; i <= 500; i++) {
            send(Request.cmd(Command.XADD).arg(stream).arg(i * 1000 + "-0").arg("id").arg("a" + i));
        }
        return stream;
    }

    private static long trim(String stream, long newest) {
        send(Request.cmd(Command.XADD).arg(stream).arg(newest + "-0").arg("id").arg("new"));
        return send(LuaSources.call(Command.EVAL, TRIM, List.of(stream), List.of(Long.toString(newest)))).toLong();
    }

    private static String first(String stream) {
        return send(Request.cmd(Command.XRANGE).arg(stream).arg("-").arg("+").arg("COUNT").arg(1)).get(0).get(0)
                .toString();
    }

    private static Response send(Request request) {
        return TestRedis.client().send(request).await().atMost(TestRedis.TIMEOUT);
    }
}
