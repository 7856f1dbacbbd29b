package io.tally.receipt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tally.ledger.LedgerCall;
import io.tally.ledger.LedgerConfig;
import io.tally.ledger.LedgerKeys;
import io.tally.platform.LuaSources;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;

/**
 * Delivery receipts in Redis: the scripts of lua/receipt (each {@code _lib.lua} followed by the script;
 * receipt-settle, which settles holds, has lua/ledger/_lib.lua first), loaded at start-up, run by EVALSHA with a
 * fall back to EVAL on NOSCRIPT on the pipelined connections, and the reads of the parked set. A failure to reach
 * Redis propagates as {@code RedisPipes} marks it (503 at the edge).
 */
@Singleton
class RedisReceipts {
    private static final Map<String, Script> SCRIPTS = Map.of(
            "dispatch", Script.load("dispatch"),
            "receipt", Script.load("receipt"),
            "receipt-settle", Script.withLedger("receipt-settle"));

    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);

    private final RedisPipes redis;
    private final LedgerKeys layout;
    private final Duration settledKept;

    RedisReceipts(RedisPipes redis, LedgerConfig ledger) {
        this.redis = redis;
        this.layout = new LedgerKeys(ledger.partitions());
        this.settledKept = ledger.idempotencyTtl();
    }

    LedgerKeys layout() {
        return layout;
    }

    /** How long the ledger keeps a settled hold (its idempotency TTL): what receipt-settle.lua's settle keeps it. */
    Duration settledKept() {
        return settledKept;
    }

    /** A parked message: its member in the parked set and when its first receipt came (ms). */
    record ParkedMember(int partition, String member, long since) {
    }

    /**
     * SCRIPT LOAD of the scripts at start-up, so that one that does not compile (receipt-settle carries the ledger's
     * library) fails the start, and the first receipts need no EVAL. A node that lacks them later (restart, another
     * cluster master) gets them through the EVAL fall-back.
     */
    void load(@Observes StartupEvent event) {
        var loads = SCRIPTS.values().stream()
                .map(script -> redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script.source()))
                        .invoke(sha -> script.require(sha.toString())))
                .toList();
        Uni.join().all(loads).andFailFast().await().atMost(LOAD_TIMEOUT);
    }

    <R> Uni<R> run(LedgerCall<R> call) {
        var script = SCRIPTS.get(call.script());
        var keys = call.keys();
        var args = call.argv();
        return redis.send(LuaSources.call(Command.EVALSHA, script.sha(), keys, args))
                .onFailure(LuaSources::isNoScript)
                .recoverWithUni(() -> redis.send(LuaSources.call(Command.EVAL, script.source(), keys, args)))
                .map(RedisReceipts::strings)
                .map(call::parse);
    }

    /** Up to {@code limit} messages of a partition parked at or before {@code before} (ms), oldest first. */
    Uni<List<ParkedMember>> parked(int partition, long before, int limit) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(ReceiptKeys.parked(partition)).arg("-inf")
                .arg(before).arg("WITHSCORES").arg("LIMIT").arg(0).arg(limit))
                .map(reply -> members(partition, reply));
    }

    /** How many messages of a partition are parked at or before {@code before} (ms). */
    Uni<Long> countParked(int partition, long before) {
        return redis.send(Request.cmd(Command.ZCOUNT).arg(ReceiptKeys.parked(partition)).arg("-inf").arg(before))
                .map(Response::toLong);
    }

    /** Forgets the parked messages of a partition parked at or before {@code before} (their hashes expired). */
    Uni<Long> forgetParked(int partition, long before) {
        return redis.send(Request.cmd(Command.ZREMRANGEBYSCORE).arg(ReceiptKeys.parked(partition)).arg("-inf")
                .arg(before))
                .map(Response::toLong);
    }

    /** A message's hash (empty when gone). */
    Uni<Map<String, String>> message(int partition, String member) {
        return redis.send(Request.cmd(Command.HGETALL).arg(LedgerKeys.tag(partition) + ":dlr:" + member))
                .map(RedisReceipts::hash);
    }

    private static List<ParkedMember> members(int partition, Response reply) {
        var out = new ArrayList<ParkedMember>();
        if (reply.size() > 0 && reply.get(0).type() == ResponseType.MULTI) {
            // RESP3: [member, score] pairs.
            for (var pair : reply) {
                out.add(new ParkedMember(partition, pair.get(0).toString(),
                        (long) Double.parseDouble(pair.get(1).toString())));
            }
            return out;
        }
        var flat = strings(reply);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.add(new ParkedMember(partition, flat.get(i), (long) Double.parseDouble(flat.get(i + 1))));
        }
        return out;
    }

    private static Map<String, String> hash(Response reply) {
        var out = new LinkedHashMap<String, String>();
        if (reply == null || reply.size() == 0) {
            return out;
        }
        if (reply.getKeys() != null && !reply.getKeys().isEmpty()) {
            for (var key : reply.getKeys()) {
                out.put(key, reply.get(key).toString());
            }
            return out;
        }
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            out.put(reply.get(i).toString(), reply.get(i + 1).toString());
        }
        return out;
    }

    private static List<String> strings(Response response) {
        var values = new ArrayList<String>(response.size());
        response.forEach(item -> values.add(item == null ? null : item.toString()));
        return values;
    }

    /** A script of lua/receipt after what it uses of {@code _lib.lua}, and the SHA-1 Redis names it by. */
    private record Script(String name, String source, String sha) {
        static Script load(String name) {
            return of(name, LuaSources.withLibrary(LuaSources.read("receipt", "_lib"), LuaSources.read("receipt", name)));
        }

        /** The same after lua/ledger/_lib.lua: a script that also settles the hold, with the ledger's own code. */
        static Script withLedger(String name) {
            return of(name, LuaSources.withLibrary(LuaSources.read("ledger", "_lib") + LuaSources.read("receipt", "_lib"),
                    LuaSources.read("receipt", name)));
        }

        private static Script of(String name, String source) {
            return new Script(name, source, LuaSources.sha1(source));
        }

        void require(String loaded) {
            if (!sha.equals(loaded)) {
                throw new IllegalStateException("Redis named " + name + ".lua " + loaded + ", expected " + sha);
            }
        }
    }
}
