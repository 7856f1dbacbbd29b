package io.tally.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
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
 * to EVAL on NOSCRIPT, its reply parsed into an outcome right here. Infrastructure failures propagate as they are.
 * Works unchanged on a standalone server and on Redis Cluster: every script's keys share one partition's tag.
 */
public class RedisLedger implements Ledger {
    private final Redis redis;
    private final LedgerKeys keys;
    private final String idempotencyTtlMs;

    /**
     * @param partitions P, fixed per deployment: accounts map to {@code floorMod(crc32(id), P)}
     * @param idempotencyTtl how long idempotency records (and settled holds, for repeated settles) are kept
     */
    public RedisLedger(Redis redis, int partitions, Duration idempotencyTtl) {
        this.redis = redis;
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
    public Uni<ReserveOutcome> reserve(Reserve c) {
        int partition = keys.partition(c.account());
        var sub = c.sub();
        return run(LedgerScript.RESERVE, partition,
                List.of(keys.account(c.account()), keys.idempotency(c.account(), c.idempotencyKey()),
                        keys.hold(c.reservationId()), LedgerKeys.deadlines(partition), LedgerKeys.events(partition),
                        keys.lots(c.account()), LedgerKeys.epoch(partition)),
                List.of(c.account(), c.fingerprint(), c.reservationId(), c.eventId(),
                        sub.map(SubAccountPolicy::id).orElse(""),
                        sub.map(s -> s.mode().name()).orElse(""),
                        sub.filter(SubAccountPolicy::fallbackToPool).isPresent() ? "1" : "0",
                        sub.flatMap(s -> s.monthlyLimit().isPresent()
                                ? Optional.of(Long.toString(s.monthlyLimit().getAsLong()))
                                : Optional.empty())
                                .orElse(""),
                        c.service().name(), Long.toString(c.amount()), millis(c.now()), millis(c.deadline()),
                        c.month(), kindOrder(c.burn()), c.burn().expiryOrder().name(), c.onExpiry().name(),
                        c.detail(), idempotencyTtlMs))
                .map(RedisLedger::reserveOutcome);
    }

    @Override
    public Uni<SettleOutcome> settle(Settle c) {
        var account = LedgerKeys.accountOf(c.reservationId());
        if (account.isEmpty()) {
            return Uni.createFrom().item(new SettleOutcome.Unknown());
        }
        int partition = keys.partition(account.get());
        return run(LedgerScript.SETTLE, partition,
                List.of(keys.hold(c.reservationId()), keys.account(account.get()), LedgerKeys.deadlines(partition),
                        LedgerKeys.events(partition), keys.lots(account.get()), LedgerKeys.epoch(partition)),
                List.of(c.reservationId(), c.action().name(),
                        c.finalAmount().isPresent() ? Long.toString(c.finalAmount().getAsLong()) : "",
                        c.eventId(), millis(c.now()), idempotencyTtlMs))
                .map(reply -> settleOutcome(c.reservationId(), reply));
    }

    @Override
    public Uni<MeterOutcome> meter(Meter c) {
        var sub = c.sub();
        int partition = keys.partition(c.account());
        return run(LedgerScript.METER, partition,
                List.of(keys.account(c.account()), keys.idempotency(c.account(), c.idempotencyKey()),
                        LedgerKeys.events(partition), keys.lots(c.account()), LedgerKeys.epoch(partition)),
                List.of(c.account(), c.fingerprint(), c.eventId(), sub.map(SubAccountPolicy::id).orElse(""),
                        sub.map(s -> s.mode().name()).orElse(""),
                        sub.filter(SubAccountPolicy::fallbackToPool).isPresent() ? "1" : "0",
                        c.service().name(), Long.toString(c.amount()), millis(c.now()), c.month(),
                        kindOrder(c.burn()), c.burn().expiryOrder().name(), Long.toString(c.overdraftLimit()),
                        c.detail(), idempotencyTtlMs))
                .map(RedisLedger::meterOutcome);
    }

    @Override
    public Uni<CreditOutcome> grant(Grant c) {
        var lot = c.lot();
        return run(LedgerScript.CREDIT, keys.partition(c.account()), creditKeys(c.account(), c.idempotencyKey()),
                List.of("grant", c.account(), c.fingerprint(), c.eventId(), millis(c.now()), idempotencyTtlMs,
                        lot.id(), Long.toString(lot.granted()), lot.kind().name(),
                        LotMeta.services(lot),
                        lot.priority().isPresent() ? Integer.toString(lot.priority().getAsInt()) : "",
                        millis(lot.effectiveFrom()), lot.expiresAt().map(RedisLedger::millis).orElse(""),
                        lot.refresh().map(Refresh::period).orElse(""),
                        lot.refresh().map(Refresh::rollover).orElse(""), c.detail()))
                .map(RedisLedger::creditOutcome);
    }

    @Override
    public Uni<CreditOutcome> allocate(Allocate c) {
        return run(LedgerScript.CREDIT, keys.partition(c.account()), creditKeys(c.account(), c.idempotencyKey()),
                List.of("allocate", c.account(), c.fingerprint(), c.eventId(), millis(c.now()), idempotencyTtlMs,
                        c.subAccount(), Long.toString(c.amount())))
                .map(RedisLedger::creditOutcome);
    }

    @Override
    public Uni<Balance> balance(String account, String month) {
        LedgerKeys.requireId(account, "account id");
        Months.require(month);
        int partition = keys.partition(account);
        return run(LedgerScript.BALANCE, partition, List.of(keys.account(account), LedgerKeys.epoch(partition)),
                List.of())
                .map(fields -> balance(fields, month));
    }

    @Override
    public Uni<List<String>> dueHolds(int partition, Instant now, int limit) {
        return redis.send(Request.cmd(Command.ZRANGEBYSCORE).arg(LedgerKeys.deadlines(partition)).arg("-inf")
                .arg(now.toEpochMilli()).arg("LIMIT").arg(0).arg(limit))
                .map(RedisLedger::strings);
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

    private List<String> creditKeys(String account, String idempotencyKey) {
        int partition = keys.partition(account);
        return List.of(keys.account(account), keys.idempotency(account, idempotencyKey),
                LedgerKeys.events(partition), keys.lots(account), LedgerKeys.epoch(partition));
    }

    /**
     * EVALSHA; on NOSCRIPT (a restarted or new node) EVAL, which also caches the script there. A partition without
     * its epoch fails with {@link LedgerLost}.
     */
    private Uni<List<String>> run(LedgerScript script, int partition, List<String> scriptKeys, List<String> args) {
        return redis.send(LuaSources.call(Command.EVALSHA, script.sha(), scriptKeys, args))
                .onFailure(LuaSources::isNoScript)
                .recoverWithUni(() -> redis.send(LuaSources.call(Command.EVAL, script.source(), scriptKeys, args)))
                .onFailure(LedgerLost::is).transform(failure -> new LedgerLost(partition))
                .map(RedisLedger::strings);
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

    private static String millis(Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }

    private static String kindOrder(BurnPolicy burn) {
        return burn.kindOrder().stream().map(Enum::name).collect(Collectors.joining(","));
    }

    // ---- replies: each script's reply fields as documented in its header ----

    static ReserveOutcome reserveOutcome(List<String> r) {
        return switch (r.get(0)) {
            case "1", "2" -> new ReserveOutcome.Reserved(r.get(1), Charges.parse(r.get(2)), Long.parseLong(r.get(3)),
                    Instant.ofEpochMilli(Long.parseLong(r.get(4))), r.get(0).equals("2"));
            case "0" -> new ReserveOutcome.Insufficient(Limit.valueOf(r.get(1)), Long.parseLong(r.get(2)));
            case "3" -> new ReserveOutcome.Conflict();
            default -> throw unexpected("reserve", r);
        };
    }

    static SettleOutcome settleOutcome(String reservationId, List<String> r) {
        return switch (r.get(0)) {
            case "1", "2" -> new SettleOutcome.Settled(reservationId, HoldState.valueOf(r.get(1)),
                    Long.parseLong(r.get(2)), Long.parseLong(r.get(3)), r.get(0).equals("2"));
            case "0" -> new SettleOutcome.Unknown();
            case "4" -> new SettleOutcome.InvalidFinalAmount(Long.parseLong(r.get(1)));
            case "5" -> new SettleOutcome.NotDue(Instant.ofEpochMilli(Long.parseLong(r.get(1))));
            default -> throw unexpected("settle", r);
        };
    }

    static MeterOutcome meterOutcome(List<String> r) {
        return switch (r.get(0)) {
            case "1", "2" -> new MeterOutcome.Metered(Charges.parse(r.get(1)), Long.parseLong(r.get(2)),
                    Long.parseLong(r.get(3)), r.get(4).equals("1"), r.get(0).equals("2"));
            case "3" -> new MeterOutcome.Conflict();
            default -> throw unexpected("meter", r);
        };
    }

    static CreditOutcome creditOutcome(List<String> r) {
        return switch (r.get(0)) {
            case "1", "2" -> new CreditOutcome.Credited(Long.parseLong(r.get(1)), Long.parseLong(r.get(2)),
                    Long.parseLong(r.get(3)), r.get(0).equals("2"));
            case "0" -> new CreditOutcome.Insufficient(Limit.valueOf(r.get(1)), Long.parseLong(r.get(2)));
            case "3" -> new CreditOutcome.Conflict();
            default -> throw unexpected("credit", r);
        };
    }

    /** The Balance from the account hash's fields (flat: field, value, ...); see the table in docs/ledger.md. */
    static Balance balance(List<String> hash, String month) {
        var totals = new HashMap<String, Long>();
        var allocations = new HashMap<String, Long>();
        var monthSpend = new HashMap<String, Long>();
        var metas = new HashMap<String, String>();
        var remaining = new HashMap<String, Long>();
        var spendSuffix = ":" + month;
        for (int i = 0; i < hash.size(); i += 2) {
            var field = hash.get(i);
            var value = hash.get(i + 1);
            if (field.startsWith("lot:")) {
                remaining.put(field.substring(4), Long.parseLong(value));
            } else if (field.startsWith("meta:")) {
                metas.put(field.substring(5), value);
            } else if (field.startsWith("alloc:")) {
                allocations.put(field.substring(6), Long.parseLong(value));
            } else if (field.startsWith("spend:")) {
                if (field.endsWith(spendSuffix)) {
                    monthSpend.put(field.substring(6, field.length() - spendSuffix.length()), Long.parseLong(value));
                }
            } else {
                totals.put(field, Long.parseLong(value));
            }
        }
        var lots = new ArrayList<Lot>();
        metas.forEach((id, meta) -> lots.add(LotMeta.parse(id, meta, remaining.getOrDefault(id, 0L))));
        lots.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        return new Balance(lots, totals.getOrDefault("held", 0L), totals.getOrDefault("spent", 0L),
                totals.getOrDefault("granted", 0L), totals.getOrDefault("debt", 0L), totals.getOrDefault("pool", 0L),
                allocations, monthSpend);
    }

    private static IllegalStateException unexpected(String script, List<String> reply) {
        return new IllegalStateException("unexpected " + script + ".lua reply " + reply);
    }
}
