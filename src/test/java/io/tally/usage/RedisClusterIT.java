package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.tally.ledger.EventFormat;
import io.tally.ledger.LedgerKeys;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged gateway on a 3-master Redis Cluster (each master with a replica) of real redis-server processes,
 * switched to it by {@code TALLY_REDIS_CLUSTER=true} alone: reservations and settles on accounts of every master from
 * two replicas, the sweeper, the usage writer draining every partition stream into PostgreSQL, reconciliation, alerts
 * reaching an SSE client and the history from every master, a carrier's receipt over HTTP committing its reservation
 * once, and the configuration pub/sub, before and after the master a replica was subscribed through is killed and its replica
 * takes over.
 */
class RedisClusterIT {
    private static final int MASTERS = 3;
    private static final int PARTITIONS = 12;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern RESERVATION = Pattern.compile("\"reservationId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RATE = Pattern.compile("\"rate\"\\s*:\\s*\"?([0-9.]+)");
    private static final Pattern DEADLINE = Pattern.compile("\"deadline\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern HELD = Pattern.compile("\"held\"\\s*:\\s*\"?([0-9.]+)");
    private static final String PUBLIC = "https://tally.test";
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "redis-cluster-it-carrier-secret!".getBytes(StandardCharsets.UTF_8));
    private static final Pattern STATUS_URL = Pattern.compile("\"statusUrl\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ALERT_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, String> SETTINGS = Map.of(
            "TALLY_REDIS_CLUSTER", "true",
            "TALLY_LEDGER_PARTITIONS", Integer.toString(PARTITIONS),
            "TALLY_LEDGER_SWEEP_INTERVAL", "200ms",
            "TALLY_USAGE_WRITER_RETENTION", "1h",
            "TALLY_USAGE_WRITER_MONITOR_INTERVAL", "500ms",
            "TALLY_PUBLIC_URL", PUBLIC,
            "TALLY_CARRIER_CREDENTIALS_KEY", Base64.getEncoder().encodeToString(
                    "redis-cluster-it-credentials-k!!".getBytes(StandardCharsets.UTF_8)));

    private static RedisClusterNodes redis;
    private static EmbeddedPostgres postgres;
    private static Gateway first;
    private static Gateway second;

    @BeforeAll
    static void start() throws IOException {
        redis = RedisClusterNodes.start(MASTERS);
        postgres = EmbeddedPostgres.builder().setPort(Gateway.freePort())
                .setDataDirectory(Files.createTempDirectory("tally-cluster-pg")).setServerConfig("fsync", "off")
                .start();
        var postgresUrl = "postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        first = Gateway.start("cluster-1", redis.url(), postgresUrl, SETTINGS);
        second = Gateway.start("cluster-2", redis.url(), postgresUrl, SETTINGS);
    }

    @AfterAll
    static void stop() throws IOException {
        for (var gateway : new Gateway[] { first, second }) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void theWholeGatewayRunsOnAClusterWithOneSetting() throws Exception {
        var keys = new LedgerKeys(PARTITIONS);
        var partitionNodes = new TreeSet<Integer>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitionNodes.add(redis.nodeOf(LedgerKeys.tag(p)));
        }
        assertThat(partitionNodes).as("nodes holding partitions").hasSize(MASTERS);

        // Accounts until every node holds at least two.
        var accounts = new ArrayList<String>();
        var perNode = new int[MASTERS];
        for (int i = 0; accounts.size() < 2 * MASTERS || min(perNode) < 2; i++) {
            var account = first.fundedAccounts("cluster-" + i, 1).get(0);
            accounts.add(account);
            perNode[redis.nodeOf(LedgerKeys.tag(keys.partition(account)))]++;
        }

        // Reservations and settles from both replicas, on accounts of every node.
        var load = new Load(accounts, 3, List.of(first, second));
        try {
            await("200 reservations settled", () -> load.settled.get() >= 200);
        } finally {
            load.close();
        }
        assertThat(load.failures).as("failed requests by status").isEmpty();
        for (int node = 0; node < MASTERS; node++) {
            assertThat(redis.node(node, Request.cmd(Command.DBSIZE)).toLong()).as("keys on node %d", node)
                    .isPositive();
        }

        // The sweeper settles holds past their deadline, on every node.
        var sweptAccounts = new ArrayList<String>();
        for (int node = 0; node < MASTERS; node++) {
            final int wanted = node;
            var account = accounts.stream()
                    .filter(a -> redis.nodeOf(LedgerKeys.tag(keys.partition(a))) == wanted).findFirst().orElseThrow();
            Gateway.expect(200, first.send("PATCH", "/v1/accounts/" + account,
                    "{\"ledger\":{\"holdTimeoutSeconds\":1,\"expiredHolds\":\"release\"}}"));
            // The other replica hears of the new hold timeout through the configuration pub/sub.
            // A hold taken before the notice arrived (a long deadline) is released, so that only short ones remain.
            await("a hold of one second on the other replica", () -> {
                var reply = reserve(second, account);
                var deadline = DEADLINE.matcher(reply.body());
                var id = RESERVATION.matcher(reply.body());
                if (reply.status() == 201 && deadline.find()
                        && Instant.parse(deadline.group(1)).isBefore(Instant.now().plusSeconds(10))) {
                    return true;
                }
                if (id.find()) {
                    Gateway.expect(200, second.send("POST", "/v1/reservations/" + id.group(1) + "/release", null));
                }
                return false;
            });
            sweptAccounts.add(account);
        }
        await("every expired hold swept", () -> sweptAccounts.stream().allMatch(a -> held(a).signum() == 0));

        // The usage writer drains every partition stream into PostgreSQL, each event once.
        var events = new HashSet<String>();
        await("every stream written and acknowledged", () -> {
            events.clear();
            events.addAll(streamEventIds());
            return pendingEverywhere() == 0 && count("SELECT count(*) FROM ledger_entries") == events.size();
        });
        assertThat(strings("SELECT event_id FROM ledger_entries")).isEqualTo(events);
        assertThat(count("SELECT count(DISTINCT event_id) FROM ledger_entries")).isEqualTo(events.size());

        // Reconciliation: Redis and PostgreSQL agree on every account.
        for (var account : accounts) {
            var reply = first.send("GET", "/v1/accounts/" + account + "/reconciliation", null);
            Gateway.expect(200, reply);
            assertThat(reply.body().replaceAll("\\s", "")).as(account).contains("\"agrees\":true");
        }

        // Alerts: raised on every master, streamed to an SSE client of the other replica, written to the history.
        alertsReachTheStreamAndTheHistoryOnEveryMaster(keys);

        // A carrier's delivery receipt over HTTP commits its reservation, once however often it comes.
        aReceiptCommitsItsReservationOnce(accounts.get(1));

        // Configuration pub/sub: a rate changed through one replica is priced at once by the other.
        var account = accounts.get(0);
        assertThat(rateOf(reserve(first, account))).isEqualByComparingTo("0.01");
        setRate(second, account, "0.02");
        await("the other replica prices the new rate", () -> rateOf(reserve(first, account)).equals(
                new BigDecimal("0.02")));

        // The replica subscribes through the first node it lists; kill it: the subscription moves to another node.
        var survivor = accounts.stream().filter(a -> redis.nodeOf(LedgerKeys.tag(keys.partition(a))) != 0)
                .findFirst().orElseThrow();
        long lostBefore = lost(first);
        redis.kill(0);
        await("the first replica notices the lost subscription", () -> lost(first) > lostBefore);
        await("the killed master's replica takes over", () -> redis.isMaster(MASTERS));
        var failedOver = accounts.stream().filter(a -> redis.nodeOf(LedgerKeys.tag(keys.partition(a))) == 0)
                .findFirst().orElseThrow();
        await("reservations on a surviving master", () -> reserve(first, survivor).status() == 201);
        await("reservations on the failed-over master", () -> reserve(second, failedOver).status() == 201);
        await("the rate change stored and announced", () -> setRate(second, survivor, "0.03") == 200);
        await("the first replica hears of it through another node",
                () -> rateOf(reserve(first, survivor)).equals(new BigDecimal("0.03")));
    }

    /**
     * One account per master, each with a low-balance rule its first reservation crosses: an SSE client on the first
     * replica, open before, receives each alert (raised through the second replica), and each is in the history.
     */
    private static void alertsReachTheStreamAndTheHistoryOnEveryMaster(LedgerKeys keys) throws Exception {
        var accounts = new ArrayList<String>();
        for (int i = 0; accounts.size() < MASTERS; i++) {
            var account = "cluster-alert-" + i;
            int node = redis.nodeOf(LedgerKeys.tag(keys.partition(account)));
            if (accounts.stream().noneMatch(a -> redis.nodeOf(LedgerKeys.tag(keys.partition(a))) == node)) {
                accounts.add(account);
            }
        }
        var streams = new ArrayList<SseLines>();
        for (var account : accounts) {
            Gateway.expect(201, first.send("POST", "/v1/accounts", "{\"id\":\"" + account + "\",\"name\":\"a\"}"));
            Gateway.expect(200, first.send("PUT", "/v1/accounts/" + account + "/rates", "{\"rates\":[{\"service\":"
                    + "\"SMS\",\"direction\":\"outbound\",\"country\":\"*\",\"rate\":\"0.01\"}]}"));
            Gateway.expect(201, first.send("POST", "/v1/accounts/" + account + "/grants", "{\"idempotencyKey\":\"g-"
                    + account + "\",\"kind\":\"package\",\"amount\":\"1\"}"));
            Gateway.expect(201, first.send("POST", "/v1/accounts/" + account + "/alert-rules",
                    "{\"type\":\"low-balance\",\"threshold\":\"0.995\"}"));
            streams.add(SseLines.open(first, account));
        }
        for (var stream : streams) {
            await("the SSE stream of " + stream.account + " open", () -> stream.lines.stream()
                    .anyMatch(line -> line.startsWith(":") && line.contains("keep-alive")));
        }
        for (var account : accounts) {
            Gateway.expect(201, reserve(second, account));
        }
        for (var stream : streams) {
            await("the alert of " + stream.account + " over SSE", () -> stream.lines.stream()
                    .anyMatch(line -> line.startsWith("data:") && line.contains("\"low-balance\"")
                            && line.contains("\"firing\"")));
            stream.close();
            var data = stream.lines.stream().filter(line -> line.startsWith("data:")).toList();
            assertThat(data).as("alerts streamed to " + stream.account).hasSize(1);
            var id = ALERT_ID.matcher(data.get(0));
            assertThat(id.find()).isTrue();
            await("the alert of " + stream.account + " in the history", () -> {
                var history = second.send("GET", "/v1/accounts/" + stream.account + "/alerts", null);
                return history.status() == 200 && history.body().contains("\"" + id.group(1) + "\"");
            });
        }
        await("every alert stream's entries written and acknowledged", () -> {
            long pending = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                pending += redis.send(Request.cmd(Command.XPENDING).arg(LedgerKeys.tag(p) + ":alerts")
                        .arg("alert-writer")).get(0).toLong();
            }
            return pending == 0;
        });
        for (var account : accounts) {
            assertThat(count("SELECT count(*) FROM alerts WHERE account_id = '" + account + "'")).as(account)
                    .isEqualTo(1);
        }
    }

    /**
     * A generic carrier's signed receipt naming its reservation in the status URL commits it; the same receipt again
     * (through either replica, and three at once) changes nothing.
     */
    private static void aReceiptCommitsItsReservationOnce(String account) throws Exception {
        var connection = first.send("POST", "/v1/accounts/" + account + "/carrier-connections",
                "{\"carrier\":\"generic\",\"secret\":\"" + SECRET + "\"}");
        Gateway.expect(201, connection);
        var statusUrl = STATUS_URL.matcher(connection.body());
        assertThat(statusUrl.find()).as(connection.body()).isTrue();
        var reserved = reserve(first, account);
        Gateway.expect(201, reserved);
        var reservation = RESERVATION.matcher(reserved.body());
        assertThat(reservation.find()).isTrue();
        var url = statusUrl.group(1) + "?reservation=" + reservation.group(1);
        var message = "SM" + UUID.randomUUID().toString().replace("-", "");
        var body = "{\"messageId\":\"" + message + "\",\"status\":\"delivered\"}";
        assertThat(receipt(second, url, message, body).status()).isEqualTo(200);
        var again = new ArrayList<java.util.concurrent.CompletableFuture<Integer>>();
        for (var gateway : List.of(first, second, first)) {
            again.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> receipt(gateway, url, message, body)
                    .status()));
        }
        for (var status : again) {
            assertThat(status.get()).as("a repeated receipt").isEqualTo(200);
        }
        await("the commit in PostgreSQL", () -> count("SELECT count(*) FROM usage_records WHERE account_id = '"
                + account + "' AND id = '" + reservation.group(1) + "' AND status = 'committed' AND "
                + "delivery_status = 'delivered'") == 1);
        assertThat(count("SELECT count(*) FROM ledger_entries WHERE reservation_id = '" + reservation.group(1)
                + "' AND type IN ('commit', 'release')")).as("settles of the reservation").isEqualTo(1);
    }

    /** A generic carrier's webhook, signed the Standard Webhooks way here (not by the gateway's code). */
    private static Gateway.Reply receipt(Gateway gateway, String url, String id, String body) {
        var timestamp = Long.toString(Instant.now().getEpochSecond());
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
            var signature = Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
            var request = HttpRequest.newBuilder(gateway.uri(url.substring(PUBLIC.length())))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("webhook-id", id)
                    .header("webhook-timestamp", timestamp)
                    .header("webhook-signature", "v1," + signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Gateway.Reply(response.statusCode(), response.body());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An SSE client: the lines of the account's alert stream as they come, read on a thread of its own. */
    private static final class SseLines implements AutoCloseable {
        final String account;
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile java.io.InputStream body;

        private SseLines(String account) {
            this.account = account;
        }

        static SseLines open(Gateway gateway, String account) {
            var stream = new SseLines(account);
            var request = HttpRequest.newBuilder(gateway.uri("/v1/accounts/" + account + "/alerts/stream"))
                    .header("Authorization", "Bearer " + Gateway.OPERATOR_KEY)
                    .header("Accept", "text/event-stream").GET().build();
            var reader = new Thread(() -> {
                try {
                    var response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
                    stream.body = response.body();
                    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
                            StandardCharsets.UTF_8))) {
                        for (var line = in.readLine(); line != null; line = in.readLine()) {
                            stream.lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    stream.lines.add("! " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sse-" + account);
            reader.setDaemon(true);
            reader.start();
            return stream;
        }

        @Override
        public void close() throws IOException {
            if (body != null) {
                body.close();
            }
        }
    }

    private static Gateway.Reply reserve(Gateway gateway, String account) {
        return gateway.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"" + UUID.randomUUID()
                + "\",\"account\":\"" + account + "\",\"service\":\"sms\",\"to\":\"+393471234567\","
                + "\"text\":\"hello\"}");
    }

    private static int setRate(Gateway gateway, String account, String rate) {
        return gateway.send("PUT", "/v1/accounts/" + account + "/rates", "{\"rates\":[{\"service\":\"SMS\","
                + "\"direction\":\"outbound\",\"country\":\"*\",\"rate\":\"" + rate + "\"}]}").status();
    }

    private static BigDecimal rateOf(Gateway.Reply reply) {
        var matcher = RATE.matcher(reply.body());
        return reply.status() == 201 && matcher.find() ? new BigDecimal(matcher.group(1)).stripTrailingZeros()
                : BigDecimal.valueOf(-1);
    }

    private static BigDecimal held(String account) {
        var reply = first.send("GET", "/v1/accounts/" + account + "/balance", null);
        var matcher = HELD.matcher(reply.body());
        return reply.status() == 200 && matcher.find() ? new BigDecimal(matcher.group(1)) : BigDecimal.ONE;
    }

    private static long lost(Gateway gateway) {
        return gateway.log().lines().filter(line -> line.contains("Lost the subscription")).count();
    }

    private static Set<String> streamEventIds() {
        var ids = new HashSet<String>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (var entry : redis.send(Request.cmd(Command.XRANGE).arg(LedgerKeys.events(p)).arg("-").arg("+"))) {
                var flat = new ArrayList<String>();
                for (var value : entry.get(1)) {
                    flat.add(value.toString());
                }
                ids.add(EventFormat.fields(flat).get("id"));
            }
        }
        return ids;
    }

    private static long pendingEverywhere() {
        long pending = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            pending += redis.send(Request.cmd(Command.XPENDING).arg(LedgerKeys.events(p)).arg("usage-writer")).get(0)
                    .toLong();
        }
        return pending;
    }

    private static long count(String sql) {
        try (var connection = DriverManager.getConnection(jdbc(), "postgres", "postgres");
                var rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> strings(String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(jdbc(), "postgres", "postgres");
                var rows = connection.createStatement().executeQuery(sql)) {
            var values = new HashSet<String>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }

    private static String jdbc() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    private static int min(int[] values) {
        return java.util.Arrays.stream(values).min().orElse(0);
    }

    private static void await(String what, BooleanSupplier condition) {
        var deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("%s within %s", what, WAIT).isBefore(deadline);
            Gateway.sleep(200);
        }
    }
}
