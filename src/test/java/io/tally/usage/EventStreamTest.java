package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tally.ledger.LedgerKeys;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import redis.embedded.RedisServer;

/** The writer's stream operations against a real redis-server: reading, claiming, backlog and trimming. */
class EventStreamTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static RedisServer server;
    private static Vertx vertx;
    private static RedisPipes redis;

    @BeforeAll
    static void start() throws IOException {
        int port = Gateway.freePort();
        server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                .setting("appendonly no").build();
        server.start();
        vertx = Vertx.vertx();
        redis = new RedisPipes(Redis.createClient(vertx, "redis://127.0.0.1:" + port), WAIT);
    }

    @AfterAll
    static void stop() throws IOException {
        redis.close();
        vertx.closeAndAwait();
        server.stop();
    }

    @Test
    void aDeadConsumersEntriesAreClaimedAndTheStreamIsTrimmedOnlyBelowThem() {
        int partition = 3;
        var dead = new EventStream(redis, "usage-writer", "dead");
        var alive = new EventStream(redis, "usage-writer", "alive");
        dead.join(partition).await().atMost(WAIT);
        alive.join(partition).await().atMost(WAIT);
        add(partition, 500);

        var taken = dead.read(partition, 450).await().atMost(WAIT);
        assertThat(taken).hasSize(450);
        assertThat(taken.get(0).id()).isEqualTo("ev-0");
        dead.ack(partition, taken.subList(0, 300).stream().map(LedgerEvent::streamId).toList())
                .await().atMost(WAIT);

        var backlog = alive.backlog(partition).await().atMost(WAIT);
        assertThat(backlog.length()).isEqualTo(500);
        assertThat(backlog.pending()).isEqualTo(150);
        assertThat(backlog.oldestPending()).contains(taken.get(300).streamId());
        assertThat(backlog.firstUndelivered()).isPresent();
        assertThat(backlog.trimBelow()).isEqualTo(taken.get(300).streamId());

        alive.trim(partition, backlog.trimBelow()).await().atMost(WAIT);
        long left = redis.send(Request.cmd(Command.XLEN).arg(LedgerKeys.events(partition))).await().atMost(WAIT)
                .toLong();
        assertThat(left).as("trimmed below the oldest pending entry, approximately").isBetween(200L, 499L);

        assertThat(alive.claim(partition, Duration.ofHours(1), 500).await().atMost(WAIT))
                .as("nothing idle that long").isEmpty();
        var claimed = alive.claim(partition, Duration.ZERO, 500).await().atMost(WAIT);
        assertThat(claimed).extracting(LedgerEvent::id)
                .containsExactlyElementsOf(IntStream.range(300, 450).mapToObj(i -> "ev-" + i).toList());
        var rest = alive.read(partition, 500).await().atMost(WAIT);
        assertThat(rest).hasSize(50);
        alive.ack(partition, claimed.stream().map(LedgerEvent::streamId).toList()).await().atMost(WAIT);
        alive.ack(partition, rest.stream().map(LedgerEvent::streamId).toList()).await().atMost(WAIT);

        var settled = alive.backlog(partition).await().atMost(WAIT);
        assertThat(settled.settled()).isTrue();
        assertThat(settled.pending()).isZero();
        assertThat(settled.trimBelow()).isEqualTo(rest.get(49).streamId());
    }

    @Test
    void consumersWithNothingPendingAreRemovedOnceIdleAndTheOthersStay() {
        int partition = 5;
        var gone = new EventStream(redis, "usage-writer", "gone");
        var stuck = new EventStream(redis, "usage-writer", "stuck");
        var self = new EventStream(redis, "usage-writer", "self");
        self.join(partition).await().atMost(WAIT);
        add(partition, 5);
        var read = gone.read(partition, 2).await().atMost(WAIT);
        gone.ack(partition, read.stream().map(LedgerEvent::streamId).toList()).await().atMost(WAIT);
        assertThat(stuck.read(partition, 2).await().atMost(WAIT)).hasSize(2);
        var own = self.read(partition, 2).await().atMost(WAIT);
        assertThat(own).hasSize(1);
        self.ack(partition, List.of(own.get(0).streamId())).await().atMost(WAIT);

        assertThat(self.removeIdleConsumers(partition, Duration.ofHours(1)).await().atMost(WAIT)).isZero();
        Gateway.sleep(20);
        assertThat(self.removeIdleConsumers(partition, Duration.ofMillis(5)).await().atMost(WAIT)).isEqualTo(1);
        var names = new java.util.ArrayList<String>();
        for (var info : redis.send(Request.cmd(Command.XINFO).arg("CONSUMERS").arg(LedgerKeys.events(partition))
                .arg("usage-writer")).await().atMost(WAIT)) {
            names.add(info.get("name") != null ? info.get("name").toString() : info.get(1).toString());
        }
        assertThat(names).containsExactlyInAnyOrder("stuck", "self");
    }

    /** Another consumer of the events (its own group) keeps what it has not read, or not acknowledged, from trimming. */
    @Test
    void theStreamIsTrimmedOnlyBelowWhatEveryGroupStillNeeds() {
        int partition = 7;
        var writer = new EventStream(redis, "usage-writer", "w");
        var analytics = new EventStream(redis, "analytics", "a");
        writer.join(partition).await().atMost(WAIT);
        analytics.join(partition).await().atMost(WAIT);
        add(partition, 300);
        var written = writer.read(partition, 300).await().atMost(WAIT);
        writer.ack(partition, written.stream().map(LedgerEvent::streamId).toList()).await().atMost(WAIT);

        assertThat(writer.backlog(partition).await().atMost(WAIT).trimBelow())
                .as("analytics has read nothing").isEqualTo("0-0");

        var read = analytics.read(partition, 200).await().atMost(WAIT);
        analytics.ack(partition, read.subList(0, 100).stream().map(LedgerEvent::streamId).toList())
                .await().atMost(WAIT);
        assertThat(writer.backlog(partition).await().atMost(WAIT).trimBelow())
                .as("analytics' oldest pending entry").isEqualTo(read.get(100).streamId());

        analytics.ack(partition, read.subList(100, 200).stream().map(LedgerEvent::streamId).toList())
                .await().atMost(WAIT);
        var backlog = writer.backlog(partition).await().atMost(WAIT);
        assertThat(backlog.trimBelow()).as("analytics' last delivered entry").isEqualTo(read.get(199).streamId());
        assertThat(backlog.settled()).as("the writer's own backlog").isTrue();
    }

    @Test
    void anEmptyStreamHasNoBacklogAndReadsNothing() {
        var stream = new EventStream(redis, "usage-writer", "solo");
        stream.join(9).await().atMost(WAIT);
        stream.join(9).await().atMost(WAIT);
        assertThat(stream.read(9, 10).await().atMost(WAIT)).isEmpty();
        var backlog = stream.backlog(9).await().atMost(WAIT);
        assertThat(backlog.length()).isZero();
        assertThat(backlog.settled()).isTrue();
    }

    /**
     * Redis restarted empty: the stream and its group are gone, and new events make a stream without the group. The
     * next read creates the group again and reads the new events; claims and consumer clean-up find nothing.
     */
    @Test
    void aReadCreatesTheGroupAgainWhenRedisLostIt() {
        int partition = 11;
        var stream = new EventStream(redis, "usage-writer", "w");
        stream.join(partition).await().atMost(WAIT);
        add(partition, 5);
        var before = stream.read(partition, 10).await().atMost(WAIT);
        stream.ack(partition, before.stream().map(LedgerEvent::streamId).toList()).await().atMost(WAIT);

        redis.send(Request.cmd(Command.DEL).arg(LedgerKeys.events(partition))).await().atMost(WAIT);
        assertThat(stream.read(partition, 10).await().atMost(WAIT)).as("no stream at all").isEmpty();
        redis.send(Request.cmd(Command.DEL).arg(LedgerKeys.events(partition))).await().atMost(WAIT);
        add(partition, 3);

        assertThat(stream.claim(partition, Duration.ZERO, 10).await().atMost(WAIT)).isEmpty();
        assertThat(stream.read(partition, 10).await().atMost(WAIT)).extracting(LedgerEvent::id)
                .containsExactly("ev-0", "ev-1", "ev-2");
        redis.send(Request.cmd(Command.XGROUP).arg("DESTROY").arg(LedgerKeys.events(partition)).arg("usage-writer"))
                .await().atMost(WAIT);
        assertThat(stream.removeIdleConsumers(partition, Duration.ZERO).await().atMost(WAIT)).isZero();
        assertThat(stream.claim(partition, Duration.ZERO, 10).await().atMost(WAIT)).isEmpty();
        assertThat(stream.read(partition, 10).await().atMost(WAIT)).as("the group again, from the first entry")
                .hasSize(3);
    }

    /** Until the writer has read again, a missing stream has no backlog and a stream without the group is unread. */
    @Test
    void theBacklogOfAMissingStreamOrGroupIsMeasured() {
        int partition = 13;
        var stream = new EventStream(redis, "usage-writer", "m");
        var none = stream.backlog(partition).await().atMost(WAIT);
        assertThat(none.length()).isZero();
        assertThat(none.settled()).isTrue();
        assertThat(stream.removeIdleConsumers(partition, Duration.ZERO).await().atMost(WAIT)).isZero();

        add(partition, 2);
        var first = redis.send(Request.cmd(Command.XRANGE).arg(LedgerKeys.events(partition)).arg("-").arg("+"))
                .await().atMost(WAIT).get(0).get(0).toString();
        var unread = stream.backlog(partition).await().atMost(WAIT);
        assertThat(unread.length()).isEqualTo(2);
        assertThat(unread.pending()).isZero();
        assertThat(unread.oldestUnwritten()).contains(first);
        assertThat(unread.trimBelow()).as("nothing below the first entry").isEqualTo("0-0");
    }

    private static void add(int partition, int count) {
        for (int i = 0; i < count; i++) {
            var request = Request.cmd(Command.XADD).arg(LedgerKeys.events(partition)).arg("*");
            for (var field : List.of("id", "ev-" + i, "type", "grant", "account", "a", "amount", "1", "time",
                    "1700000000000", "lot", "l" + i, "debtPaid", "0")) {
                request.arg(field);
            }
            redis.send(request).await().atMost(WAIT);
        }
    }
}
