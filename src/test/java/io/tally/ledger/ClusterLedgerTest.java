package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tally.platform.LuaSources;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;

/**
 * The same scripts, unchanged, on a 3-master Redis Cluster of real redis-server processes (Redis 6.2: slots are
 * assigned with ADDSLOTS, nodes joined with CLUSTER MEET), through the Vert.x client in CLUSTER mode, with accounts
 * on every node; each outcome is compared with the model's.
 */
class ClusterLedgerTest {
    private static final int PARTITIONS = 64;
    private static final int NODES = 3;
    private static final int[] FIRST_SLOT = { 0, 5461, 10923, 16384 };

    private static final List<Integer> ports = new ArrayList<>();
    private static final List<Redis> nodes = new ArrayList<>();
    private static Redis cluster;

    @BeforeAll
    static void startCluster() throws InterruptedException {
        for (int i = 0; i < NODES; i++) {
            int port = TestRedis.freePort();
            TestRedis.start(TestRedis.build(TestRedis.server(port)
                    .setting("cluster-enabled yes")
                    .setting("cluster-config-file nodes-" + port + ".conf")
                    .setting("cluster-node-timeout 5000")));
            ports.add(port);
            nodes.add(Redis.createClient(TestRedis.vertx(), "redis://127.0.0.1:" + port));
        }
        for (int i = 0; i < NODES; i++) {
            var addSlots = Request.cmd(Command.CLUSTER).arg("ADDSLOTS");
            for (int slot = FIRST_SLOT[i]; slot < FIRST_SLOT[i + 1]; slot++) {
                addSlots.arg(slot);
            }
            send(nodes.get(i), addSlots);
        }
        for (int i = 1; i < NODES; i++) {
            send(nodes.get(0), Request.cmd(Command.CLUSTER).arg("MEET").arg("127.0.0.1").arg(ports.get(i)));
        }
        awaitClusterOk();
        var options = new RedisOptions().setType(RedisClientType.CLUSTER).setMaxPoolSize(8).setMaxPoolWaiting(256);
        ports.forEach(port -> options.addConnectionString("redis://127.0.0.1:" + port));
        cluster = Redis.createClient(TestRedis.vertx(), options);
    }

    @AfterAll
    static void closeClients() {
        nodes.forEach(Redis::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void partitionsSpreadOverEveryNode() {
        var nodesOfPartitions = new TreeMap<Integer, List<Integer>>();
        for (int p = 0; p < PARTITIONS; p++) {
            nodesOfPartitions.computeIfAbsent(nodeOf(slot(LedgerKeys.events(p))), n -> new ArrayList<>()).add(p);
        }
        assertThat(nodesOfPartitions).containsOnlyKeys(0, 1, 2);
        assertThat(slot(new LedgerKeys(PARTITIONS).account("acct-1")))
                .isEqualTo(slot(LedgerKeys.events(Partitions.of("acct-1", PARTITIONS))));
    }

    @Test
    void theScriptsRunUnchangedOnTheCluster() {
        var ledger = TestRedis.opened(new RedisLedger(cluster, PARTITIONS, Duration.ofDays(1)));
        var model = new LedgerModel(PARTITIONS);
        ledger.load().await().atMost(TestRedis.TIMEOUT);
        for (var node : nodes) {
            for (var script : LedgerScript.all()) {
                assertThat(send(node, Request.cmd(Command.SCRIPT).arg("EXISTS").arg(script.sha())).get(0).toInteger())
                        .as("%s.lua loaded on every master", script.name()).isEqualTo(1);
            }
        }
        var accounts = twoAccountsPerNode();
        var sub = new SubAccountPolicy("office", SubAccountPolicy.Mode.ALLOCATED, true, OptionalLong.of(50_000));
        for (var account : accounts.keySet()) {
            var book = new Book(account);
            for (var grant : List.of(book.grant(Book.lot("plan", LotKind.PLAN_ALLOWANCE, 100_000)),
                    book.grant("promo", 20_000))) {
                expectSame(model.grant(grant), ledger.grant(grant));
            }
            var allocate = book.allocate("office", 30_000);
            expectSame(model.allocate(allocate), ledger.allocate(allocate));
            var reserve = book.reserve(40_000, sub);
            assertThat(expectSame(model.reserve(reserve), ledger.reserve(reserve)))
                    .isInstanceOf(ReserveOutcome.Reserved.class);
            expectSame(model.reserve(reserve), ledger.reserve(reserve));
            var commit = book.commit(reserve.reservationId(), 25_000);
            expectSame(model.settle(commit), ledger.settle(commit));
            var late = book.reserve(1_000);
            expectSame(model.reserve(late), ledger.reserve(late));
            var meter = book.meter(150_000, Optional.empty(), 10_000);
            assertThat(expectSame(model.meter(meter), ledger.meter(meter)))
                    .isEqualTo(new MeterOutcome.Metered(List.of(new Charge("plan", 74_000), new Charge("promo",
                            20_000)), 56_000, 56_000, true, false));
            var refused = book.reserve(10, sub);
            assertThat(expectSame(model.reserve(refused), ledger.reserve(refused)))
                    .isEqualTo(new ReserveOutcome.Insufficient(Limit.BALANCE, 0));
            book.now = Book.T0.plusSeconds(3_600);
            int partition = Partitions.of(account, PARTITIONS);
            var due = ledger.dueHolds(partition, book.now, 10).await().atMost(TestRedis.TIMEOUT);
            assertThat(due).isEqualTo(model.dueHolds(partition, book.now, 10)).containsExactly(late.reservationId());
            var expire = book.expire(late.reservationId());
            expectSame(model.settle(expire), ledger.settle(expire));
        }
        for (var account : accounts.keySet()) {
            int partition = Partitions.of(account, PARTITIONS);
            assertThat(ledger.balance(account, Book.MONTH).await().atMost(TestRedis.TIMEOUT))
                    .isEqualTo(model.snapshot(account, Book.MONTH));
            var events = send(cluster, Request.cmd(Command.XLEN).arg(LedgerKeys.events(partition))).toLong();
            assertThat(events).isEqualTo(model.events(partition).size()).isEqualTo(8);
        }
        assertThat(accounts.values()).containsOnly(0, 1, 2).hasSize(2 * NODES);
    }

    /**
     * lua/receipt/receipt-settle.lua (after lua/ledger/_lib.lua and lua/receipt/_lib.lua) on the cluster: a receipt
     * whose status URL names its reservation maps, records and commits in one script, its message, parked set, hold
     * and ledger keys in one slot, on accounts of every node. Keys and arguments as ReceiptSettleCall declares them.
     */
    @Test
    void theReceiptScriptSettlesInOneSlot() {
        var ledger = TestRedis.opened(new RedisLedger(cluster, PARTITIONS, Duration.ofDays(1)));
        var layout = new LedgerKeys(PARTITIONS);
        var source = LuaSources.withLibrary(LuaSources.read("ledger", "_lib") + LuaSources.read("receipt", "_lib"),
                LuaSources.read("receipt", "receipt-settle"));
        var accounts = twoAccountsPerNode();
        try {
            for (var account : accounts.keySet()) {
                var book = new Book(account);
                ledger.grant(book.grant("promo", 20_000)).await().atMost(TestRedis.TIMEOUT);
                var reserve = book.reserve(5_000);
                ledger.reserve(reserve).await().atMost(TestRedis.TIMEOUT);
                var rid = reserve.reservationId();
                var tag = LedgerKeys.tag(Partitions.of(account, PARTITIONS));
                var member = account + ":twilio:SM1";
                var keys = List.of(tag + ":dlr:" + member, tag + ":dlr:parked", layout.hold(rid),
                        layout.account(account), tag + ":deadlines", tag + ":events", layout.usable(account),
                        tag + ":epoch");
                var args = List.of("1", "", "DELIVERED", "", "0", "", member,
                        Long.toString(book.now.toEpochMilli()), "60000",
                        "SENT=C,DELIVERED=C,UNDELIVERED=C,FAILED=R,REJECTED=R", rid, "60000", "e-" + account,
                        "60000", "{\"carrier\":\"twilio\",\"messageId\":\"SM1\"}");
                var reply = new ArrayList<String>();
                send(cluster, LuaSources.call(Command.EVAL, source, keys, args)).forEach(r -> reply.add(r.toString()));

                assertThat(reply).as(account).startsWith("5", rid).endsWith("1", "COMMITTED", "5000", "0");
                assertThat(ledger.balance(account, Book.MONTH).await().atMost(TestRedis.TIMEOUT).spent())
                        .isEqualTo(5_000);
            }
        } finally {
            // Their partitions' streams hold events the other test does not count on.
            accounts.keySet().forEach(account -> send(cluster, Request.cmd(Command.DEL)
                    .arg(LedgerKeys.events(Partitions.of(account, PARTITIONS)))));
        }
    }

    private static <T> T expectSame(T expected, io.smallrye.mutiny.Uni<? extends T> actual) {
        return same(expected, actual.await().atMost(TestRedis.TIMEOUT));
    }

    private static <T> T same(T expected, T actual) {
        assertThat(actual).isEqualTo(expected);
        return actual;
    }

    /**
     * Account -> node index, two accounts whose partitions live on each node. Each account gets a partition of its
     * own, so that every events stream holds exactly one account's events.
     */
    private static Map<String, Integer> twoAccountsPerNode() {
        var accounts = new LinkedHashMap<String, Integer>();
        var perNode = new int[NODES];
        var taken = new HashSet<Integer>();
        var stamp = Long.toString(Instant.now().toEpochMilli(), 36);
        for (int i = 0; accounts.size() < 2 * NODES; i++) {
            var account = "c" + stamp + "-" + i;
            int partition = Partitions.of(account, PARTITIONS);
            int node = nodeOf(slot(LedgerKeys.events(partition)));
            if (perNode[node] < 2 && taken.add(partition)) {
                perNode[node]++;
                accounts.put(account, node);
            }
        }
        return accounts;
    }

    private static int slot(String key) {
        return send(nodes.get(0), Request.cmd(Command.CLUSTER).arg("KEYSLOT").arg(key)).toInteger();
    }

    private static int nodeOf(int slot) {
        int node = 0;
        while (slot >= FIRST_SLOT[node + 1]) {
            node++;
        }
        return node;
    }

    private static io.vertx.mutiny.redis.client.Response send(Redis redis, Request request) {
        return redis.send(request).await().atMost(TestRedis.TIMEOUT);
    }

    private static void awaitClusterOk() throws InterruptedException {
        var deadline = Instant.now().plusSeconds(30);
        for (var node : nodes) {
            while (!send(node, Request.cmd(Command.CLUSTER).arg("INFO")).toString().contains("cluster_state:ok")) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the test cluster did not come up");
                }
                Thread.sleep(100);
            }
        }
    }
}
