package io.tally.webhook;

import java.time.Duration;
import java.util.UUID;

import io.tally.ledger.Partitions;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Appends alerts to the account's partition's alert stream, as the ledger scripts do. */
final class Alerts {
    private final RedisPipes redis;
    private final int partitions;

    Alerts(RedisPipes redis, int partitions) {
        this.redis = redis;
        this.partitions = partitions;
    }

    String stream(String account) {
        return RedisAlertStream.key(Partitions.of(account, partitions));
    }

    /** XADDs a firing alert of the type; answers its id. */
    String fire(String account, String type) {
        var id = "al_" + UUID.randomUUID().toString().replace("-", "");
        redis.send(Request.cmd(Command.XADD).arg(stream(account)).arg("*")
                .arg("id").arg(id).arg("type").arg(type).arg("state").arg("firing").arg("account").arg(account)
                .arg("sub").arg("").arg("rule").arg("rule-1")
                .arg("values").arg("{\"available\":\"4.5\",\"threshold\":\"10\"}")
                .arg("at_ms").arg(Long.toString(System.currentTimeMillis())))
                .await().atMost(Duration.ofSeconds(5));
        return id;
    }

    /**
     * XADDs an alert and, in the same script, has a consumer that then dies (never acknowledges) read it in the
     * {@code webhooks} group, so that no live consumer sees it first.
     */
    String fireReadByDeadConsumer(String account, String type) {
        var id = "al_" + UUID.randomUUID().toString().replace("-", "");
        var script = """
                redis.call('XADD', KEYS[1], '*', 'id', ARGV[1], 'type', ARGV[2], 'state', 'firing', 'account', ARGV[3],
                    'sub', '', 'rule', 'rule-1', 'values', '{}', 'at_ms', ARGV[4])
                return redis.call('XREADGROUP', 'GROUP', 'webhooks', 'dead-consumer', 'COUNT', 1000, 'STREAMS',
                    KEYS[1], '>')""";
        redis.send(Request.cmd(Command.EVAL).arg(script).arg(1).arg(stream(account)).arg(id).arg(type).arg(account)
                .arg(Long.toString(System.currentTimeMillis())))
                .await().atMost(Duration.ofSeconds(5));
        return id;
    }

    /** Entries of the group still pending on the account's stream (delivered to a consumer, not acknowledged). */
    long pending(String account) {
        var summary = redis.send(Request.cmd(Command.XPENDING).arg(stream(account)).arg("webhooks"))
                .await().atMost(Duration.ofSeconds(5));
        return summary.get(0).toLong();
    }
}
