package io.tally.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

import io.smallrye.mutiny.Uni;
import io.tally.platform.LuaSources;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisCluster;

/**
 * The ledger in Redis: each call is one Lua script (src/main/resources/lua/ledger), run by EVALSHA with a fall back
 * to EVAL on NOSCRIPT; its keys, arguments and the parse of its reply are declared in a {@link LedgerCall}. Infrastructure
 * failures propagate as they are.
 * Works unchanged on a standalone server and on Redis Cluster: every script's keys share one partition's tag.
 */
public class RedisLedger implements Ledger {
    private final Redis redis;
    private final LedgerKeys keys;
    private final String idempotencyTtlMs;
    private final boolean legacyIdempotency;
    private final boolean sortedIndex;

    /**
     * @param partitions P, fixed per deployment: accounts map to {@code floorMod(crc32(id), P)}
     * @param idempotencyTtl how long idempotency records (and settled holds, for repeated settles) are kept
     */
    public RedisLedger(Redis redis, int partitions, Duration idempotencyTtl) {
        this(redis, partitions, idempotencyTtl, false);
    }

    /**
     * @param legacyIdempotency whether reserves also look up and write the idempotency record of the layout before
     *        holds answered repeats (docs/ledger.md "Upgrading"): while replicas of both layouts run, and for one
     *        idempotency TTL after
     */
    public RedisLedger(Redis redis, int partitions, Duration idempotencyTtl, boolean legacyIdempotency) {
        this(redis, partitions, idempotencyTtl, legacyIdempotency, true);
    }

    /**
     * @param sortedIndex whether movements may keep the index of usable lots in its sorted form (docs/ledger.md
     *        "Upgrading"): off while replicas of a version before it run, which would misread it
     */
    public RedisLedger(Redis redis, int partitions, Duration idempotencyTtl, boolean legacyIdempotency,
            boolean sortedIndex) {
        this.redis = redis;
        this.legacyIdempotency = legacyIdempotency;
        this.sortedIndex = sortedIndex;
        this.keys = new LedgerKeys(partitions);
        if (idempotencyTtl.toMillis() <= 0) {
            throw new IllegalArgumentException("idempotencyTtl must be at least 1 ms");
        }
        this.idempotencyTtlMs = Long.toString(idempotencyTtl.toMillis());
    }

    public LedgerKeys keys() {
        return keys;
    }

    /**
     * SCRIPT LOAD of every script, on every master when the client is a Vert.x cluster client (at start-up: fails
     * when Redis is unreachable or a script does not compile). A node that lacks a script later (restart, failover,
     * a wrapped cluster client that only loaded one node) gets it through the EVAL fall-back.
     */
    public Uni<Void> load() {
        var loads = Arrays.stream(LedgerScript.all())
                .map(this::load)
                .toList();
        return Uni.join().all(loads).andFailFast().replaceWithVoid();
    }

    private Uni<Void> load(LedgerScript script) {
        return onEveryMaster(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script.source()))
                .invoke(shas -> shas.forEach(sha -> requireSha(script, sha)))
                .replaceWithVoid();
    }

    private Uni<List<String>> onEveryMaster(Request request) {
        RedisCluster cluster;
        try {
            cluster = RedisCluster.create(redis.getDelegate());
        } catch (IllegalArgumentException notACluster) {
            return redis.send(request).map(response -> List.of(response.toString()));
        }
        return Uni.createFrom().completionStage(() -> cluster.onAllMasterNodes(request.getDelegate())
                .toCompletionStage())
                .map(responses -> responses.stream().map(Object::toString).toList());
    }

    @Override
    public Uni<ReserveOutcome> reserve(Reserve command) {
        return run(new LedgerCall.ReserveCall(command, keys, idempotencyTtlMs, legacyIdempotency, sortedIndex));
    }

    @Override
    public Uni<SettleOutcome> settle(Settle command) {
        var account = LedgerKeys.accountOf(command.reservationId());
        if (account.isEmpty()) {
            return Uni.createFrom().item(new SettleOutcome.Unknown());
        }
        return run(new LedgerCall.SettleCall(command, account.get(), keys, idempotencyTtlMs));
    }

    @Override
    public Uni<MeterOutcome> meter(Meter command) {
        return run(new LedgerCall.MeterCall(command, keys, idempotencyTtlMs, sortedIndex));
    }

    @Override
    public Uni<CreditOutcome> grant(Grant command) {
        return run(new LedgerCall.GrantCall(command, keys, idempotencyTtlMs));
    }

    @Override
    public Uni<CreditOutcome> allocate(Allocate command) {
        return run(new LedgerCall.AllocateCall(command, keys, idempotencyTtlMs));
    }

    @Override
    public Uni<AdjustOutcome> adjust(Adjust command) {
        return run(new LedgerCall.AdjustCall(command, keys, idempotencyTtlMs, sortedIndex));
    }

    @Override
    public Uni<AdjustOutcome> voidLot(VoidLot command) {
        return run(new LedgerCall.VoidCall(command, keys, idempotencyTtlMs));
    }

    @Override
    public Uni<Balance> balance(String account, String month) {
        LedgerKeys.requireId(account, "account id");
        Months.require(month);
        return run(new LedgerCall.BalanceCall(account, month, keys));
    }

    @Override
    public Uni<List<String>> dueHolds(int partition, Instant now, int limit) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(LedgerKeys.deadlines(partition)).arg("-inf")
                .arg(now.toEpochMilli()).arg("LIMIT").arg(0).arg(limit))
                .map(RedisLedger::strings);
    }

    @Override
    public Uni<ExpireOutcome> expire(ExpireCredits command) {
        return run(new LedgerCall.ExpireCall(command, keys));
    }

    @Override
    public Uni<RefreshOutcome> refresh(RefreshCredits command) {
        return run(new LedgerCall.RefreshCall(command, keys));
    }

    @Override
    public Uni<List<RefreshingLot>> dueRefreshes(int partition, Instant now, int limit) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(LedgerKeys.refreshes(partition)).arg("-inf")
                .arg(now.toEpochMilli()).arg("WITHSCORES").arg("LIMIT").arg(0).arg(limit))
                .map(RedisLedger::refreshing);
    }

    /** ZRANGEBYSCORE WITHSCORES answers member, score, … (RESP2) or [member, score] pairs (RESP3). */
    private static List<RefreshingLot> refreshing(Response response) {
        var flat = new ArrayList<String>();
        response.forEach(item -> {
            if (item.type() == io.vertx.redis.client.ResponseType.MULTI) {
                flat.add(item.get(0).toString());
                flat.add(item.get(1).toString());
            } else {
                flat.add(item.toString());
            }
        });
        var lots = new ArrayList<RefreshingLot>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            lots.add(RefreshingLot.parse(flat.get(i), (long) Double.parseDouble(flat.get(i + 1))));
        }
        return List.copyOf(lots);
    }

    @Override
    public Uni<Integer> extendExpiry(ExtendExpiry command) {
        return run(new LedgerCall.ExtendExpiryCall(command, keys));
    }

    @Override
    public Uni<List<ExpiringLot>> dueExpiries(int partition, Instant now, int limit) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(LedgerKeys.expiries(partition)).arg("-inf")
                .arg(now.toEpochMilli()).arg("LIMIT").arg(0).arg(limit))
                .map(RedisLedger::strings)
                .map(members -> members.stream().map(ExpiringLot::parse).toList());
    }

    @Override
    public Uni<Boolean> claimExpiries(int partition, String owner, Duration ttl) {
        var lock = LedgerKeys.expiriesLock(partition);
        return redis.send(Request.cmd(Command.SET).arg(lock).arg(owner).arg("NX").arg("PX").arg(ttl.toMillis()))
                .chain(set -> set != null ? Uni.createFrom().item(true) : renew(lock, owner, ttl));
    }

    /** The claim again, when this owner holds it already (its previous pass). */
    private Uni<Boolean> renew(String lock, String owner, Duration ttl) {
        return redis.send(Request.cmd(Command.GET).arg(lock))
                .chain(holder -> holder != null && owner.equals(holder.toString())
                        ? redis.send(Request.cmd(Command.PEXPIRE).arg(lock).arg(ttl.toMillis())).replaceWith(true)
                        : Uni.createFrom().item(false));
    }

    @Override
    public Uni<List<DueRecharge>> dueRecharges(int partition, Instant now, Duration lease, int limit) {
        return run(new LedgerCall.RechargeDueCall(partition, now, lease.toMillis(), limit));
    }

    @Override
    public Uni<Boolean> endRecharge(String account, String rechargeId, RechargeEnd end, Instant retryAt, Instant now,
            long credits, String reason) {
        LedgerKeys.requireId(account, "account id");
        return run(new LedgerCall.RechargeEndCall(account, rechargeId, end, retryAt, now, credits, reason, keys));
    }

    @Override
    public Uni<List<String>> expiryWarningAccounts(int partition) {
        return redis.send(Request.cmd(Command.SMEMBERS).arg(LedgerKeys.expiringAlerts(partition)))
                .map(RedisLedger::strings);
    }

    @Override
    public Uni<Integer> warnExpiring(String account, String eventId, Instant now) {
        LedgerKeys.requireId(account, "account id");
        return run(new LedgerCall.ExpiringCall(account, eventId, now, keys));
    }

    /**
     * Opens partitions of the ledger: writes their epoch where none is (SET NX), so that the money scripts serve
     * them. For a new ledger, and for partitions restored from PostgreSQL; never for a partition that lost its data
     * and was not restored.
     */
    public Uni<Void> open(String epoch, Collection<Integer> partitions) {
        var sets = partitions.stream()
                .map(p -> redis.send(Request.cmd(Command.SET).arg(LedgerKeys.epoch(p)).arg(epoch).arg("NX")))
                .toList();
        return sets.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sets).andFailFast().replaceWithVoid();
    }

    /** Opens every partition (a new ledger). */
    public Uni<Void> openAll(String epoch) {
        return open(epoch, IntStream.range(0, keys.partitions()).boxed().toList());
    }

    /** The partitions without an epoch, in order: Redis lost their data and they refuse every money movement. */
    public Uni<List<Integer>> lostPartitions() {
        var checks = IntStream.range(0, keys.partitions())
                .mapToObj(p -> redis.send(Request.cmd(Command.EXISTS).arg(LedgerKeys.epoch(p))))
                .toList();
        return Uni.join().all(checks).andFailFast()
                .map(replies -> IntStream.range(0, replies.size())
                        .filter(p -> replies.get(p).toInteger() == 0)
                        .boxed()
                        .toList());
    }

    /**
     * EVALSHA; on NOSCRIPT (a restarted or new node) EVAL, which also caches the script there. A partition without
     * its epoch fails with {@link LedgerLost}.
     */
    private <R> Uni<R> run(LedgerCall<R> call) {
        var script = LedgerScript.named(call.script());
        var scriptKeys = call.keys();
        var args = call.argv();
        return redis.send(LuaSources.call(Command.EVALSHA, script.sha(), scriptKeys, args))
                .onFailure(LuaSources::isNoScript)
                .recoverWithUni(() -> redis.send(LuaSources.call(Command.EVAL, script.source(), scriptKeys, args)))
                .onFailure(LedgerLost::is).transform(failure -> new LedgerLost(call.partition()))
                .map(RedisLedger::strings)
                .map(call::parse);
    }

    private static void requireSha(LedgerScript script, String sha) {
        if (!script.sha().equals(sha)) {
            throw new IllegalStateException("Redis named " + script.name() + ".lua " + sha + ", expected "
                    + script.sha());
        }
    }

    private static List<String> strings(Response response) {
        var values = new ArrayList<String>(response.size());
        response.forEach(item -> values.add(item == null ? null : item.toString()));
        return values;
    }

    /** The Balance from the account hash's fields (flat: field, value, ...); see the table in docs/ledger.md. */
    static Balance balance(List<String> hash, String month) {
        return LedgerCall.BalanceCall.balance(hash, month);
    }
}
