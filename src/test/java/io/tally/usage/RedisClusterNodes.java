package io.tally.usage;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import redis.embedded.RedisServer;

/**
 * A Redis Cluster of real redis-server processes (the embedded-redis binary) on free ports: {@code masters} masters
 * (nodes 0 to masters - 1), the 16,384 slots split evenly by CLUSTER ADDSLOTS, joined by CLUSTER MEET, and one replica
 * per master (node masters + i replicates master i). A killed master's replica takes over its slots after the node
 * timeout (2 s).
 */
final class RedisClusterNodes implements AutoCloseable {
    static final int SLOTS = 16_384;

    final List<Integer> ports = new ArrayList<>();
    private final List<RedisServer> servers = new ArrayList<>();
    private final List<Redis> nodes = new ArrayList<>();
    private final Vertx vertx = Vertx.vertx();
    private final Redis cluster;
    private final int masters;

    private RedisClusterNodes(int masters) throws IOException {
        this.masters = masters;
        var dir = Files.createTempDirectory("tally-redis-cluster");
        for (int i = 0; i < 2 * masters; i++) {
            int port = Gateway.freePort();
            var server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("dir " + dir).setting("cluster-enabled yes")
                    .setting("cluster-config-file nodes-" + port + ".conf").setting("cluster-node-timeout 2000")
                    .setting("cluster-require-full-coverage no")
                    .setting("cluster-replica-validity-factor 0").setting("save \"\"").setting("appendonly no")
                    .setting("maxmemory-policy noeviction").build();
            server.start();
            servers.add(server);
            ports.add(port);
            nodes.add(Redis.createClient(vertx, new RedisOptions().setType(RedisClientType.STANDALONE)
                    .setConnectionString("redis://127.0.0.1:" + port)));
        }
        for (int i = 0; i < masters; i++) {
            var addSlots = Request.cmd(Command.CLUSTER).arg("ADDSLOTS");
            for (int slot = i * SLOTS / masters; slot < (i + 1) * SLOTS / masters; slot++) {
                addSlots.arg(slot);
            }
            node(i, addSlots);
        }
        for (int i = 1; i < 2 * masters; i++) {
            node(0, Request.cmd(Command.CLUSTER).arg("MEET").arg("127.0.0.1").arg(ports.get(i)));
        }
        var deadline = Instant.now().plusSeconds(30);
        for (int i = 0; i < 2 * masters; i++) {
            final int node = i;
            await(deadline, "node " + i + " knows every node",
                    () -> node(node, Request.cmd(Command.CLUSTER).arg("NODES")).toString().lines().count() == 2
                            * masters);
        }
        for (int i = 0; i < masters; i++) {
            var id = node(i, Request.cmd(Command.CLUSTER).arg("MYID")).toString();
            node(masters + i, Request.cmd(Command.CLUSTER).arg("REPLICATE").arg(id));
        }
        for (int i = 0; i < 2 * masters; i++) {
            final int node = i;
            await(deadline, "node " + i + " sees the cluster ok",
                    () -> node(node, Request.cmd(Command.CLUSTER).arg("INFO")).toString().contains("cluster_state:ok"));
        }
        for (int i = masters; i < 2 * masters; i++) {
            final int node = i;
            await(deadline, "replica " + i + " in sync", () -> node(node, Request.cmd(Command.INFO).arg("replication"))
                    .toString().contains("master_link_status:up"));
        }
        var options = new RedisOptions().setType(RedisClientType.CLUSTER);
        ports.forEach(port -> options.addConnectionString("redis://127.0.0.1:" + port));
        cluster = Redis.createClient(vertx, options);
    }

    static RedisClusterNodes start(int masters) throws IOException {
        return new RedisClusterNodes(masters);
    }

    /** The masters, comma-separated: TALLY_REDIS_URL. */
    String url() {
        return ports.subList(0, masters).stream().map(port -> "redis://127.0.0.1:" + port)
                .collect(Collectors.joining(","));
    }

    /** The master (by index) that was given {@code key}'s slot. */
    int nodeOf(String key) {
        int slot = node(servers.size() - 1, Request.cmd(Command.CLUSTER).arg("KEYSLOT").arg(key)).toInteger();
        int index = 0;
        while (slot >= (index + 1) * SLOTS / masters) {
            index++;
        }
        return index;
    }

    /** A command through a cluster client: it goes to the node of its key. */
    Response send(Request request) {
        return cluster.send(request).await().atMost(Duration.ofSeconds(20));
    }

    /** A command to one node. */
    Response node(int index, Request request) {
        return nodes.get(index).send(request).await().atMost(Duration.ofSeconds(20));
    }

    /** Whether {@code index} is a master now (a replica is one after its master failed over to it). */
    boolean isMaster(int index) {
        return node(index, Request.cmd(Command.INFO).arg("replication")).toString().contains("role:master");
    }

    private static void await(Instant deadline, String what, java.util.function.BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the cluster did not form: " + what);
            }
            Gateway.sleep(100);
        }
    }

    void kill(int index) throws IOException {
        servers.get(index).stop();
    }

    @Override
    public void close() throws IOException {
        cluster.close();
        nodes.forEach(Redis::close);
        vertx.closeAndAwait();
        for (var server : servers) {
            server.stop();
        }
    }
}
