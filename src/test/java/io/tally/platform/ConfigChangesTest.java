package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Eventually;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Configuration changes through the real (embedded) Redis. A second {@link ConfigChanges} with its own
 * subscription stands for another replica.
 */
@QuarkusTest
class ConfigChangesTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    ConfigChanges changes;
    @Inject
    Redis redis;
    @Inject
    Vertx vertx;

    private ConfigChanges replica;

    @BeforeEach
    void startAnotherReplica() {
        replica = new ConfigChanges(redis, vertx);
        replica.start();
        Eventually.await("the other replica subscribes", replica::live);
        Eventually.await("this replica subscribes", changes::live);
    }

    @AfterEach
    void stopIt() {
        replica.stop();
    }

    @Test
    void aChangeReachesTheSubscribersOfItsTopicOnEveryReplica() {
        var here = new CopyOnWriteArrayList<String>();
        var there = new CopyOnWriteArrayList<String>();
        var elsewhere = new CopyOnWriteArrayList<String>();
        changes.subscribe("test-fruit", here::add, () -> {
        });
        replica.subscribe("test-fruit", there::add, () -> {
        });
        replica.subscribe("test-vegetable", elsewhere::add, () -> {
        });

        changes.publish("test-fruit", "apple:green").await().atMost(WAIT);
        replica.publish("test-vegetable", "leek").await().atMost(WAIT);

        Eventually.await("both replicas hear of the apple", () -> here.size() == 1 && there.size() == 1);
        Eventually.await("the leek arrives", () -> elsewhere.size() == 1);
        assertThat(here).containsExactly("apple:green");
        assertThat(there).containsExactly("apple:green");
        assertThat(elsewhere).containsExactly("leek");
    }

    @Test
    void aMessagePublishedDirectlyInRedisIsDispatchedByTopic() {
        var heard = new CopyOnWriteArrayList<String>();
        replica.subscribe("test-direct", heard::add, () -> {
        });
        redis.send(Request.cmd(Command.PUBLISH).arg(ConfigChanges.CHANNEL).arg("test-direct:42"))
                .await().atMost(WAIT);
        redis.send(Request.cmd(Command.PUBLISH).arg(ConfigChanges.CHANNEL).arg("no-separator"))
                .await().atMost(WAIT);
        redis.send(Request.cmd(Command.PUBLISH).arg(ConfigChanges.CHANNEL).arg("test-direct:43"))
                .await().atMost(WAIT);
        Eventually.await("two ids", () -> heard.size() == 2);
        assertThat(heard).containsExactly("42", "43");
    }

    /** On a cluster the subscription goes through one node at a time: a node that is down is passed over. */
    @Test
    void aNodeThatCannotBeReachedIsPassedOverForTheNext() {
        var down = Redis.createClient(vertx, "redis://127.0.0.1:" + freePort());
        var throughNodes = new ConfigChanges(redis, vertx, List.of(down, redis), false);
        try {
            var heard = new CopyOnWriteArrayList<String>();
            throughNodes.subscribe("test-nodes", heard::add, () -> {
            });
            throughNodes.start();
            Eventually.await("subscribed through the second node", throughNodes::live);
            changes.publish("test-nodes", "7").await().atMost(WAIT);
            Eventually.await("the change heard", () -> heard.size() == 1);
        } finally {
            throughNodes.stop();
            down.close();
        }
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aLostSubscriptionIsReestablishedAndResetsItsListeners() {
        var resets = new AtomicInteger();
        var heard = new CopyOnWriteArrayList<String>();
        replica.subscribe("test-reconnect", heard::add, resets::incrementAndGet);
        long before = replica.subscriptions();

        killSubscribers();

        Eventually.await("the replica resubscribes", () -> replica.subscriptions() == before + 1 && replica.live());
        assertThat(resets).hasValue(1);
        changes.publish("test-reconnect", "after").await().atMost(WAIT);
        Eventually.await("a change after the reconnection arrives", () -> heard.contains("after"));
    }

    @Test
    void theApplicationsOwnSubscriptionComesBackToo() {
        long before = changes.subscriptions();
        killSubscribers();
        Eventually.await("the application resubscribes", () -> changes.subscriptions() > before && changes.live());
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers() {
        var heard = new CopyOnWriteArrayList<String>();
        replica.subscribe("test-faulty", id -> {
            throw new IllegalStateException("broken listener");
        }, () -> {
        });
        replica.subscribe("test-faulty", heard::add, () -> {
        });
        replica.publish("test-faulty", "1").await().atMost(WAIT);
        replica.publish("test-faulty", "2").await().atMost(WAIT);
        Eventually.await("both ids", () -> heard.size() == 2);
        assertThat(heard).isEqualTo(List.of("1", "2"));
    }

    private void killSubscribers() {
        var killed = redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub"))
                .await().atMost(WAIT).toLong();
        assertThat(killed).isGreaterThanOrEqualTo(2);
    }
}
