package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * The seeded randomized test: {@link LedgerModel} and {@link RedisLedger} side by side over 100,000 random
 * operations on accounts in different partitions. A step sends one command to each of a random set of accounts at
 * once (accounts share nothing, so their order does not matter), or runs the sweeper; after every step each reply
 * must equal the model's, and the Redis state must equal the model's and hold the invariants.
 * Re-run a failure with {@code mvn -o test -Dtest=RandomizedLedgerTest -Dledger.seed=<seed>}; {@code -Dledger.ops}
 * changes the length. The suite runs a fixed seed, so that CI is repeatable; explore others with
 * {@code -Dledger.seed=$RANDOM$RANDOM} (any seed that fails is a bug to fix, and a seed to pin here).
 */
class RandomizedLedgerTest {
    private static final int PARTITIONS = 128;
    private static final int ACCOUNTS = 96;
    private static final long DEFAULT_SEED = 20_261_122L;

    private final long seed = Long.getLong("ledger.seed", DEFAULT_SEED);
    private final int operations = Integer.getInteger("ledger.ops", 100_000);
    private final Redis redis = TestRedis.dedicatedClient();
    private final RedisLedger ledger = TestRedis.opened(new RedisLedger(redis, PARTITIONS, Duration.ofDays(7)));
    private final LedgerModel model = new LedgerModel(PARTITIONS);
    private final Map<Integer, Long> movements = new HashMap<>();
    private final Map<String, Balance> balances = new HashMap<>();
    private final Map<String, Object> outcomes = new HashMap<>();
    /** The command each account was last sent, with its outcome in {@link #outcomes}. */
    private final Map<String, Object> sent = new HashMap<>();
    private final Map<String, Integer> kinds = new java.util.TreeMap<>();
    private int done;
    private int step;

    @Test
    void redisAgreesWithTheModelOverRandomOperations() {
        var started = Instant.now();
        try {
            run(new Random(seed));
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("randomized ledger test failed at step " + step + " (" + done
                    + " operations) with seed " + seed + "; re-run: mvn -o test -Dtest=RandomizedLedgerTest"
                    + " -Dledger.seed=" + seed + "\n" + e.getMessage(), e);
        }
        System.out.printf("RandomizedLedgerTest: seed %d, %d operations in %d steps, %s; outcomes %s%n", seed, done,
                step, RandomCommands.elapsed(started), kinds);
    }

    private void run(Random random) {
        ledger.load().await().atMost(TestRedis.TIMEOUT);
        var accounts = accountsInDistinctPartitions();
        var commands = new RandomCommands(random);
        while (done < operations) {
            step++;
            commands.tick();
            if (random.nextInt(25) == 0) {
                sweep(accounts, commands);
            } else if (random.nextInt(25) == 0) {
                sweepExpiries(accounts, commands);
            } else if (random.nextInt(20) == 0) {
                sweepRefreshes(accounts, commands, random);
            } else {
                var chosen = new ArrayList<>(accounts);
                java.util.Collections.shuffle(chosen, random);
                var batch = chosen.subList(0, 1 + random.nextInt(ACCOUNTS));
                var sent = new LinkedHashMap<String, Object>();
                batch.forEach(account -> sent.put(account, commands.next(account)));
                compare(new ArrayList<>(sent.values()));
                check(sent.keySet(), accounts, commands.now());
            }
        }
        for (var account : accounts) {
            int partition = model.partition(account);
            assertThat(StreamEvents.read(redis, LedgerKeys.events(partition)))
                    .as("events of partition %d", partition)
                    .isEqualTo(model.events(partition));
        }
    }

    /** The sweeper: both sides list the same due holds; each partition's are expired in order. */
    private void sweep(List<String> accounts, RandomCommands commands) {
        var perPartition = new ArrayList<List<Object>>();
        for (var account : accounts) {
            int partition = model.partition(account);
            var due = ledger.dueHolds(partition, commands.now(), 20).await().atMost(TestRedis.TIMEOUT);
            assertThat(due).as("due holds").isEqualTo(model.dueHolds(partition, commands.now(), 20));
            perPartition.add(due.stream().<Object> map(commands::expire).toList());
        }
        recharges(accounts, commands);
        var unis = perPartition.stream().map(this::inOrder).toList();
        var replies = Uni.join().all(unis).andFailFast().await().atMost(TestRedis.TIMEOUT);
        for (int i = 0; i < perPartition.size(); i++) {
            var settles = perPartition.get(i);
            for (int j = 0; j < settles.size(); j++) {
                expectSame(settles.get(j), replies.get(i).get(j));
            }
        }
        check(accounts, accounts, commands.now());
    }

    /**
     * The expiry sweeper: both sides list the same due lots; each partition's are expired in order. Only expiries
     * move in this step, so no pool or allocation may go below zero from one unless the account has debt (then the
     * pool carries what the allocations cannot give).
     */
    private void sweepExpiries(List<String> accounts, RandomCommands commands) {
        var perPartition = new ArrayList<List<Object>>();
        var seen = new java.util.HashSet<Integer>();
        for (var account : accounts) {
            int partition = model.partition(account);
            if (!seen.add(partition)) {
                continue;
            }
            var due = ledger.dueExpiries(partition, commands.now(), 20).await().atMost(TestRedis.TIMEOUT);
            assertThat(due).as("due expiries").isEqualTo(model.dueExpiries(partition, commands.now(), 20));
            perPartition.add(due.stream().<Object> map(lot -> commands.expire(lot)).toList());
        }
        var unis = perPartition.stream().map(this::inOrder).toList();
        var replies = Uni.join().all(unis).andFailFast().await().atMost(TestRedis.TIMEOUT);
        for (int i = 0; i < perPartition.size(); i++) {
            var expiries = perPartition.get(i);
            for (int j = 0; j < expiries.size(); j++) {
                expectSame(expiries.get(j), replies.get(i).get(j));
            }
        }
        var before = new HashMap<>(balances);
        check(accounts, accounts, commands.now());
        noBudgetWentBelowZero(accounts, before, "expiries");
    }

    /**
     * After expiries or renewals ({@code what}): a pool that fell is not below zero unless the account has debt, and an
     * allocation that fell is not below zero.
     */
    private void noBudgetWentBelowZero(List<String> accounts, Map<String, Balance> before, String what) {
        for (var account : accounts) {
            var was = before.get(account);
            var is = balances.get(account);
            if (was == null) {
                continue;
            }
            if (is.pool() < was.pool() && is.debt() == 0) {
                assertThat(is.pool()).as("pool of %s after %s", account, what).isNotNegative();
            }
            is.allocations().forEach((sub, allocation) -> {
                if (allocation < was.allocations().getOrDefault(sub, 0L)) {
                    assertThat(allocation).as("allocation %s of %s after %s", sub, account, what).isNotNegative();
                }
            });
        }
    }

    /**
     * The refresh sweeper: both sides list the same due lots; each is renewed at its due boundary, then at every later
     * one already past (catching up in order); now and then a renewal is sent twice, as by two racing replicas, and the
     * second must change nothing. No pool or allocation may go below zero from a renewal unless the account has debt.
     */
    private void sweepRefreshes(List<String> accounts, RandomCommands commands, Random random) {
        var before = new HashMap<>(balances);
        for (var account : accounts) {
            int partition = model.partition(account);
            var due = ledger.dueRefreshes(partition, commands.now(), 20).await().atMost(TestRedis.TIMEOUT);
            assertThat(due).as("due refreshes").isEqualTo(model.dueRefreshes(partition, commands.now(), 20));
            for (var lot : due) {
                var at = lot.due();
                while (!at.isAfter(commands.now())) {
                    var refresh = commands.refresh(lot, at);
                    var outcome = send(refresh).await().atMost(TestRedis.TIMEOUT);
                    expectSame(refresh, outcome);
                    if (random.nextInt(5) == 0) {
                        var again = commands.refresh(lot, at);
                        var repeated = send(again).await().atMost(TestRedis.TIMEOUT);
                        expectSame(again, repeated);
                        assertThat(repeated).as("a renewal sent twice").isNotInstanceOf(RefreshOutcome.Refreshed.class);
                    }
                    if (!(outcome instanceof RefreshOutcome.Refreshed)) {
                        break;
                    }
                    at = refresh.next();
                }
            }
        }
        check(accounts, accounts, commands.now());
        noBudgetWentBelowZero(accounts, before, "refreshes");
    }

    /** The recharge worker: both sides claim the same due recharges and end them the same way. */
    private void recharges(List<String> accounts, RandomCommands commands) {
        var lease = Duration.ofSeconds(10);
        for (var account : accounts) {
            int partition = model.partition(account);
            var due = ledger.dueRecharges(partition, commands.now(), lease, 20).await().atMost(TestRedis.TIMEOUT);
            assertThat(due).as("due recharges").isEqualTo(model.dueRecharges(partition, commands.now(), lease, 20));
            for (var recharge : due) {
                var end = commands.rechargeEnd();
                var retryAt = commands.now().plusSeconds(5);
                assertThat(ledger.endRecharge(recharge.account(), recharge.rechargeId(), end, retryAt).await()
                        .atMost(TestRedis.TIMEOUT)).as("end of %s", recharge)
                        .isEqualTo(model.endRecharge(recharge.account(), recharge.rechargeId(), end, retryAt));
            }
        }
    }

    private Uni<List<Object>> inOrder(List<Object> commands) {
        Uni<List<Object>> chain = Uni.createFrom().item(new ArrayList<>());
        for (var command : commands) {
            chain = chain.chain(replies -> send(command).invoke(replies::add).replaceWith(replies));
        }
        return chain;
    }

    private void compare(List<Object> commands) {
        var replies = Uni.join().all(commands.stream().map(this::send).toList()).andFailFast()
                .await().atMost(TestRedis.TIMEOUT);
        for (int i = 0; i < commands.size(); i++) {
            expectSame(commands.get(i), replies.get(i));
        }
    }

    private void expectSame(Object command, Object reply) {
        int partition = model.partition(account(command));
        int before = model.eventCount(partition);
        var expected = apply(command);
        var added = model.events(partition, before);
        assertThat(reply).as("reply to %s", command).isEqualTo(expected);
        done++;
        outcomes.put(account(command), expected);
        sent.put(account(command), command);
        kinds.merge(command instanceof ExtendExpiry ? "ExtendExpiry." + (Integer) expected + " lots" : kind(expected), 1,
                Integer::sum);
        long expiries = added.stream().filter(event -> event.get("type").equals("expire-credits")).count();
        if (command instanceof ExtendExpiry) {
            assertThat(added).as("one extend-expiry event per lot moved by %s: %s", command, added)
                    .hasSize((Integer) expected).allMatch(event -> event.get("type").equals("extend-expiry"));
        } else {
            assertThat(added).as("one event per movement of %s: %s", command, added).hasSize(
                    (moved(expected) && !(expected instanceof ExpireOutcome.Expired) ? 1 : 0) + (int) expiries);
        }
        movements.merge(partition, (long) added.size(), Long::sum);
        if (expiries > 0) {
            kinds.merge("expire-credits events", (int) expiries, Integer::sum);
        }
    }

    /**
     * Redis state equals the model's, obeys the identities, and no reservation took a budget below zero; every
     * movement has exactly one event. One pipelined batch: the touched accounts' balance.lua, then XLEN.
     */
    private void check(Iterable<String> touched, List<String> accounts, Instant now) {
        var month = RandomCommands.month(now);
        var names = new ArrayList<String>();
        var requests = new ArrayList<Request>();
        touched.forEach(account -> {
            names.add(account);
            requests.add(Request.cmd(Command.EVALSHA).arg(LedgerScript.BALANCE.sha()).arg(2)
                    .arg(ledger.keys().account(account)).arg(LedgerKeys.epoch(ledger.keys().partition(account))));
        });
        var partitions = names.stream().map(model::partition).distinct().toList();
        partitions.forEach(p -> requests.add(Request.cmd(Command.XLEN).arg(LedgerKeys.events(p))));
        names.forEach(account -> requests.add(Request.cmd(Command.GET).arg(ledger.keys().recharge(account))));
        var results = redis.batch(requests).await().atMost(TestRedis.TIMEOUT);
        for (int i = 0; i < names.size(); i++) {
            var recharge = results.get(names.size() + partitions.size() + i);
            assertThat(java.util.Optional.ofNullable(recharge).map(Object::toString)).as("recharge of %s", names.get(i))
                    .isEqualTo(model.recharge(names.get(i)));
        }
        for (int i = 0; i < names.size(); i++) {
            var values = new ArrayList<String>();
            results.get(i).forEach(value -> values.add(value.toString()));
            var actual = RedisLedger.balance(values, month);
            assertThat(actual).as("balance of %s", names.get(i)).isEqualTo(model.snapshot(names.get(i), month));
            assertInvariants(names.get(i), actual, now);
        }
        for (int i = 0; i < partitions.size(); i++) {
            long length = results.get(names.size() + i).toLong();
            assertThat(length).as("events in partition %d", partitions.get(i))
                    .isEqualTo(movements.getOrDefault(partitions.get(i), 0L))
                    .isEqualTo(model.events(partitions.get(i)).size());
        }
    }

    private void assertInvariants(String account, Balance balance, Instant now) {
        long allocations = balance.allocations().values().stream().mapToLong(Long::longValue).sum();
        assertThat(balance.remaining() + balance.held() + balance.spent() + balance.expired())
                .as("Σ remaining + held + spent + expired = granted + debt for %s", account)
                .isEqualTo(balance.granted() + balance.debt());
        assertThat(balance.pool() + allocations).as("pool + Σ allocations = Σ remaining − debt for %s", account)
                .isEqualTo(balance.remaining() - balance.debt());
        assertThat(balance.held()).isNotNegative();
        var before = balances.put(account, balance);
        var outcome = outcomes.remove(account);
        var command = sent.remove(account);
        if (before != null && budgetMovement(command, outcome)) {
            // The credits of due lots not expired yet (past the movements' cap) are pending: a reservation or an
            // allocation must leave them to the budgets that will lose them, so no other sub-account's allocation as
            // it will be once they have expired (the pool gives first, then the allocation) may go down.
            var own = command instanceof Reserve r ? r.sub().map(SubAccountPolicy::id).orElse("")
                    : command instanceof Adjust a ? a.subAccount().orElse("") : ((Allocate) command).subAccount();
            before.allocations().forEach((sub, allocation) -> {
                if (!sub.equals(own)) {
                    assertThat(live(balance, sub, now)).as("allocation %s of %s once its due lots expire, after %s",
                            sub, account, command).isGreaterThanOrEqualTo(live(before, sub, now));
                }
            });
        }
        if (before != null && command instanceof Adjust debit && !debit.credit()
                && outcome instanceof AdjustOutcome.Adjusted adjusted && !adjusted.replayed()) {
            assertThat(balance.pool() >= before.pool() || balance.pool() >= 0).as("pool after %s", debit).isTrue();
            balance.allocations().forEach((sub, allocation) -> assertThat(
                    allocation >= before.allocations().getOrDefault(sub, 0L) || allocation >= 0)
                    .as("allocation %s after %s", sub, debit).isTrue());
        }
        if (command instanceof Reserve r && outcome instanceof ReserveOutcome.Reserved reserved && !reserved.replayed()) {
            // the rule written out: after a reservation the period's spend, holds included, is within each limit
            r.accountLimit().ifPresent(limit -> assertThat(balance.accountSpend().getOrDefault(limit.period(), 0L))
                    .as("account spend in %s after %s", limit.period(), r).isLessThanOrEqualTo(limit.amount()));
            r.sub().filter(s -> s.monthlyLimit().isPresent()).ifPresent(s -> assertThat(
                    balance.subSpend(s.id(), r.month())).as("spend of %s in %s after %s", s.id(), r.month(), r)
                    .isLessThanOrEqualTo(s.monthlyLimit().getAsLong()));
            if (r.accountLimit().isPresent()) {
                kinds.merge("reserves under an account limit", 1, Integer::sum);
            }
        }
        if (command instanceof Reserve r && outcome instanceof ReserveOutcome.Insufficient refused
                && refused.limit() == Limit.ACCOUNT_SPENDING_LIMIT) {
            kinds.merge("refused for the account limit in " + r.accountLimit().orElseThrow().period().length()
                    + "-char periods", 1, Integer::sum);
        }
        if (before != null && outcome instanceof ReserveOutcome.Reserved reserved && !reserved.replayed()) {
            if (balance.pool() < before.pool()) {
                assertThat(balance.pool()).as("pool after %s", reserved).isNotNegative();
            }
            balance.allocations().forEach((sub, allocation) -> {
                if (allocation < before.allocations().getOrDefault(sub, 0L)) {
                    assertThat(allocation).as("allocation %s after %s", sub, reserved).isNotNegative();
                }
            });
        }
    }

    private static boolean budgetMovement(Object command, Object outcome) {
        return command instanceof Reserve && outcome instanceof ReserveOutcome.Reserved reserved && !reserved.replayed()
                || command instanceof Allocate && outcome instanceof CreditOutcome.Credited credited
                        && !credited.replayed()
                || command instanceof Adjust debit && !debit.credit() && outcome instanceof AdjustOutcome.Adjusted a
                        && !a.replayed();
    }

    /** The sub-account's allocation once the lots due at {@code now} have expired, as a movement counts it. */
    private static long live(Balance balance, String sub, Instant now) {
        long pending = balance.lots().stream()
                .filter(lot -> lot.remaining() > 0 && lot.expiresAt().filter(at -> !at.isAfter(now)).isPresent())
                .mapToLong(Lot::remaining).sum();
        // the rule written out here, not Expiry.shadow: the test must not share the code it checks
        long allocation = balance.allocations().getOrDefault(sub, 0L);
        long rest = pending - Math.min(pending, Math.max(balance.pool(), 0));
        return allocation - Math.min(rest, Math.max(allocation, 0));
    }

    private Uni<Object> send(Object command) {
        if (command instanceof Reserve c) {
            return ledger.reserve(c).map(Object.class::cast);
        } else if (command instanceof Settle c) {
            return ledger.settle(c).map(Object.class::cast);
        } else if (command instanceof Meter c) {
            return ledger.meter(c).map(Object.class::cast);
        } else if (command instanceof Grant c) {
            return ledger.grant(c).map(Object.class::cast);
        } else if (command instanceof ExpireCredits c) {
            return ledger.expire(c).map(Object.class::cast);
        } else if (command instanceof RefreshCredits c) {
            return ledger.refresh(c).map(Object.class::cast);
        } else if (command instanceof ExtendExpiry c) {
            return ledger.extendExpiry(c).map(Object.class::cast);
        } else if (command instanceof Adjust c) {
            return ledger.adjust(c).map(Object.class::cast);
        } else if (command instanceof VoidLot c) {
            return ledger.voidLot(c).map(Object.class::cast);
        }
        return ledger.allocate((Allocate) command).map(Object.class::cast);
    }

    private Object apply(Object command) {
        if (command instanceof Reserve c) {
            return model.reserve(c);
        } else if (command instanceof Settle c) {
            return model.settle(c);
        } else if (command instanceof Meter c) {
            return model.meter(c);
        } else if (command instanceof Grant c) {
            return model.grant(c);
        } else if (command instanceof ExpireCredits c) {
            return model.expire(c);
        } else if (command instanceof RefreshCredits c) {
            return model.refresh(c);
        } else if (command instanceof ExtendExpiry c) {
            return model.extendExpiry(c);
        } else if (command instanceof Adjust c) {
            return model.adjust(c);
        } else if (command instanceof VoidLot c) {
            return model.voidLot(c);
        }
        return model.allocate((Allocate) command);
    }

    private static String kind(Object outcome) {
        var name = outcome.getClass().getSimpleName();
        if (outcome instanceof ReserveOutcome.Insufficient i) {
            return name + "." + i.limit();
        }
        if (outcome instanceof CreditOutcome.Insufficient i) {
            return "Credit" + name + "." + i.limit();
        }
        if (outcome instanceof AdjustOutcome) {
            return "Adjust." + name + (outcome instanceof AdjustOutcome.Insufficient i ? "." + i.limit()
                    : outcome instanceof AdjustOutcome.Adjusted a && a.replayed() ? ".replayed" : "");
        }
        return moved(outcome) || outcome instanceof ExpireOutcome || outcome instanceof RefreshOutcome
                || name.equals("Conflict") || name.equals("Unknown") ? name
                        : name + (outcome instanceof SettleOutcome ? "" : ".replayed");
    }

    private static boolean moved(Object outcome) {
        return outcome instanceof ReserveOutcome.Reserved r && !r.replayed()
                || outcome instanceof SettleOutcome.Settled s && !s.repeated()
                || outcome instanceof MeterOutcome.Metered m && !m.replayed()
                || outcome instanceof CreditOutcome.Credited c && !c.replayed()
                || outcome instanceof ExpireOutcome.Expired
                || outcome instanceof RefreshOutcome.Refreshed
                || outcome instanceof AdjustOutcome.Adjusted a && !a.replayed();
    }

    private static String account(Object command) {
        if (command instanceof Reserve c) {
            return c.account();
        } else if (command instanceof Settle c) {
            return LedgerKeys.accountOf(c.reservationId()).orElseThrow();
        } else if (command instanceof Meter c) {
            return c.account();
        } else if (command instanceof Grant c) {
            return c.account();
        } else if (command instanceof ExpireCredits c) {
            return c.account();
        } else if (command instanceof RefreshCredits c) {
            return c.account();
        } else if (command instanceof ExtendExpiry c) {
            return c.account();
        } else if (command instanceof Adjust c) {
            return c.account();
        } else if (command instanceof VoidLot c) {
            return c.account();
        }
        return ((Allocate) command).account();
    }

    private static List<String> accountsInDistinctPartitions() {
        var byPartition = new LinkedHashMap<Integer, String>();
        for (int i = 0; byPartition.size() < ACCOUNTS; i++) {
            var account = "acct-" + i;
            byPartition.putIfAbsent(Partitions.of(account, PARTITIONS), account);
        }
        return List.copyOf(byPartition.values());
    }
}
