package io.tally.reconciliation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.ledger.LedgerConfig;
import io.tally.ledger.LedgerKeys;
import io.tally.platform.LuaSources;
import io.tally.platform.RedisPipes;
import io.tally.usage.UsageConfig;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Response;

/**
 * An account's state in Redis as reconciliation sees it: read at one instant with its stream's backlog, and
 * replaced by a rebuild. Each is one script over the partition's keys (lua/reconciliation), so it runs on Redis Cluster.
 */
@Singleton
class RedisAccountState {
    /** Most backlog entries a script looks through for the account's events; a longer backlog is "unwritten". */
    static final int BACKLOG_LIMIT = 1000;

    /** What a rebuild did: written, or refused because the history in PostgreSQL was not whole. */
    enum Rebuild {
        WRITTEN,
        UNWRITTEN_EVENTS,
        MOVED
    }

    private final RedisPipes redis;
    private final LedgerKeys keys;
    /** The usage writer's consumer group on every {@code {pN}:events}. */
    private final String group;

    RedisAccountState(RedisPipes redis, LedgerConfig ledger, UsageConfig usage) {
        this.redis = redis;
        this.keys = new LedgerKeys(ledger.partitions());
        this.group = usage.writer().group();
    }

    Uni<AccountSnapshot> snapshot(String account) {
        return run(ReconciliationScript.SNAPSHOT, List.of(keys.account(account), events(account),
                LedgerKeys.epoch(keys.partition(account))),
                List.of(account, group, Integer.toString(BACKLOG_LIMIT)))
                .map(RedisAccountState::snapshot);
    }

    /**
     * Replaces the account's hash with {@code hash}, and its index of usable lots with the lots that have credits
     * left, and gives each lot of {@code refreshes} its next boundary ({@code cycle:<lot>} and {@code {pN}:refreshes}),
     * unless the account has unwritten events or moved since {@code readAt}: one script bounded by the size of the
     * hash. The open holds follow with {@link #writeHolds}.
     */
    Uni<Rebuild> rebuild(String account, Optional<AccountSnapshot.StreamId> readAt, Map<String, String> hash,
            List<RefreshSchedule.Next> refreshes) {
        var args = new ArrayList<String>(List.of(account, group, Integer.toString(BACKLOG_LIMIT),
                readAt.map(AccountSnapshot.StreamId::toString).orElse(""),
                String.join(",", refreshes.stream().map(RefreshSchedule.Next::argument).toList())));
        hash.forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        return run(ReconciliationScript.REBUILD, List.of(keys.account(account), events(account), keys.usable(account)),
                args)
                .map(RedisAccountState::rebuild);
    }

    /**
     * Writes one step of an account's open holds (one script, bounded by {@code holds}); a hold that exists settled
     * is left alone (docs/usage.md "Rebuild"). Answers how many were written.
     */
    Uni<Integer> writeHolds(String account, List<OpenHold> holds) {
        var scriptKeys = new ArrayList<String>(List.of(LedgerKeys.deadlines(keys.partition(account))));
        var args = new ArrayList<String>();
        for (var hold : holds) {
            scriptKeys.add(keys.hold(hold.reservationId()));
            args.add(hold.reservationId());
            args.add(Long.toString(hold.deadlineMillis()));
            args.add(hold.hold());
        }
        return run(ReconciliationScript.HOLDS, scriptKeys, args)
                .map(reply -> reply.get(1).toInteger());
    }

    private String events(String account) {
        return LedgerKeys.events(keys.partition(account));
    }

    /** EVALSHA; on NOSCRIPT, EVAL (which caches the script on that node). Operator and periodic use only. */
    private Uni<Response> run(ReconciliationScript script, List<String> scriptKeys, List<String> args) {
        return redis.send(LuaSources.call(Command.EVALSHA, script.sha(), scriptKeys, args))
                .onFailure(LuaSources::isNoScript)
                .recoverWithUni(() -> redis.send(LuaSources.call(Command.EVAL, script.source(), scriptKeys, args)));
    }

    private static AccountSnapshot snapshot(Response reply) {
        var flat = reply.get(0);
        var hash = new LinkedHashMap<String, String>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            hash.put(flat.get(i).toString(), flat.get(i + 1).toString());
        }
        var last = reply.get(1).toString();
        return new AccountSnapshot(hash,
                last.isEmpty() ? Optional.empty() : Optional.of(AccountSnapshot.StreamId.parse(last)),
                "1".equals(reply.get(2).toString()), "1".equals(reply.get(3).toString()));
    }

    private static Rebuild rebuild(Response reply) {
        switch (reply.get(0).toString()) {
            case "1":
                return Rebuild.WRITTEN;
            case "0":
                return Rebuild.UNWRITTEN_EVENTS;
            case "2":
                return Rebuild.MOVED;
            default:
                throw new IllegalStateException("unexpected rebuild.lua reply " + reply);
        }
    }
}
