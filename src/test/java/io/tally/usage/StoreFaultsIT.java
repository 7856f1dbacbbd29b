package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * Faults of the stores under load, with the packaged gateway on a real redis-server and PostgreSQL. Redis frozen
 * (SIGSTOP) for 5 s: every request is answered, 201 or 503 with Retry-After, within the Redis timeout and some slack,
 * never hanging; afterwards every reservation whose client saw an error, retried with its idempotency key, holds
 * exactly once, so the credits held are exactly one reservation's cost per key. PostgreSQL restarted while the usage
 * writer writes: the interrupted batch is written again, every stream event once.
 */
class StoreFaultsIT {
    private static final int PARTITIONS = 4;
    private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(1);
    /** The timeout plus what a loaded machine adds to one request; a hang would last the client's 10 s. */
    private static final Duration ANSWERED_WITHIN = REDIS_TIMEOUT.plusSeconds(3);
    private static final BigDecimal COST = new BigDecimal("0.01");
    private static final Pattern HELD = Pattern.compile("\"held\"\\s*:\\s*\"?([0-9.]+)");
    private static final Map<String, String> SETTINGS = Map.of(
            "TALLY_LEDGER_PARTITIONS", Integer.toString(PARTITIONS),
            "TALLY_USAGE_WRITER_RETENTION", "1h",
            "TALLY_USAGE_WRITER_RETRY_BACKOFF", "500ms",
            "TALLY_REDIS_TIMEOUT", REDIS_TIMEOUT.toMillis() + "ms");

    private static Stores stores;
    private static Gateway gateway;

    private record Attempt(String account, String key, int status, String retryAfter, long millis) {
    }

    @BeforeAll
    static void start() throws IOException {
        stores = Stores.start("freeze");
        gateway = stores.gateway("freeze", SETTINGS);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (stores != null) {
            stores.close();
        }
    }

    @Test
    void aFrozenRedisGets503sInTimeAndEveryErroredReservationResolvesOnce() throws Exception {
        var accounts = gateway.fundedAccounts("freeze", 3);
        var pid = stores.send(Request.cmd(Command.INFO).arg("server")).toString().lines()
                .filter(line -> line.startsWith("process_id:")).findFirst().orElseThrow().substring(11).trim();
        var attempts = new CopyOnWriteArrayList<Attempt>();
        var running = new AtomicBoolean(true);
        var workers = new ArrayList<Thread>();
        for (int i = 0; i < 3; i++) {
            var worker = new Thread(() -> {
                var random = new Random();
                while (running.get()) {
                    var account = accounts.get(random.nextInt(accounts.size()));
                    var key = UUID.randomUUID().toString();
                    long start = System.nanoTime();
                    var reply = reserve(account, key);
                    attempts.add(new Attempt(account, key, reply.status(), reply.retryAfter(),
                            (System.nanoTime() - start) / 1_000_000));
                }
            });
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
        try {
            Gateway.sleep(1000);
            signal("STOP", pid);
            try {
                Gateway.sleep(5000);
            } finally {
                signal("CONT", pid);
            }
            Gateway.sleep(1500);
        } finally {
            running.set(false);
            for (var worker : workers) {
                worker.join(20_000);
            }
        }

        var refused = attempts.stream().filter(a -> a.status() != 201).toList();
        System.out.printf("StoreFaultsIT freeze: %d reservations, %d refused, slowest %d ms%n", attempts.size(),
                refused.size(), attempts.stream().mapToLong(Attempt::millis).max().orElse(0));
        assertThat(attempts.size()).as("requests made").isGreaterThan(20);
        assertThat(refused).as("refused while frozen").isNotEmpty();
        assertThat(refused).as("refusals: 503 with Retry-After").allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.retryAfter()).isNotBlank();
        });
        assertThat(attempts).as("every request answered within %s", ANSWERED_WITHIN)
                .allSatisfy(a -> assertThat(a.millis()).isLessThan(ANSWERED_WITHIN.toMillis()));

        // Every refused reservation, retried with its key, answers 201: its original hold if Redis had run it
        // (replayed), else a new one. Either way one hold per key: the credits held are one cost per key.
        var keysByAccount = new ConcurrentHashMap<String, List<String>>();
        for (var attempt : attempts) {
            if (attempt.status() != 201) {
                Gateway.expect(201, reserve(attempt.account(), attempt.key()));
            }
            keysByAccount.computeIfAbsent(attempt.account(), a -> new ArrayList<>()).add(attempt.key());
        }
        for (var account : accounts) {
            var keys = keysByAccount.getOrDefault(account, List.of()).size();
            assertThat(held(account)).as("credits held on %s for %d keys", account, keys)
                    .isEqualByComparingTo(COST.multiply(BigDecimal.valueOf(keys)));
        }
    }

    @Test
    void postgresRestartedWhileTheWriterWritesLosesAndDoublesNothing() throws Exception {
        var accounts = gateway.fundedAccounts("pg-restart", 3);
        try (var load = new Load(accounts, 3, List.of(gateway))) {
            awaitSettled(load, 100);
            long warnings = writerWarnings();
            stores.stopPostgres();
            stores.startPostgres();
            long before = load.settled.get();
            awaitSettled(load, before + 100);
            assertThat(load.failures).as("failed calls: PostgreSQL is off the hot path").isEmpty();
            System.out.printf("StoreFaultsIT PostgreSQL restart: %d writer warnings%n", writerWarnings() - warnings);
        }
        var deadline = Instant.now().plusSeconds(60);
        long events = streamEvents();
        while ((stores.count("SELECT count(*) FROM ledger_entries") < events || pending() > 0)
                && Instant.now().isBefore(deadline)) {
            Gateway.sleep(250);
            events = streamEvents();
        }
        assertThat(stores.count("SELECT count(DISTINCT event_id) FROM ledger_entries")).as("ledger entries = events")
                .isEqualTo(events).isEqualTo(stores.count("SELECT count(*) FROM ledger_entries"));
        assertThat(pending()).as("entries pending").isZero();
    }

    private static void awaitSettled(Load load, long count) {
        var deadline = Instant.now().plusSeconds(60);
        while (load.settled.get() < count) {
            assertThat(Instant.now()).as("%d reservations settled (%s)", count, load.failures).isBefore(deadline);
            Gateway.sleep(100);
        }
    }

    private static long writerWarnings() {
        return gateway.log().lines().filter(line -> line.contains("WARN") && line.contains("Usage writer")).count();
    }

    private static long streamEvents() {
        long events = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            events += stores.send(Request.cmd(Command.XLEN).arg("{p" + p + "}:events")).toLong();
        }
        return events;
    }

    private static long pending() {
        long pending = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            pending += stores.send(Request.cmd(Command.XPENDING).arg("{p" + p + "}:events").arg("usage-writer")).get(0)
                    .toLong();
        }
        return pending;
    }

    private static Gateway.Reply reserve(String account, String key) {
        return gateway.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"" + key + "\",\"account\":\""
                + account + "\",\"service\":\"sms\",\"to\":\"+393471234567\",\"text\":\"hello\"}");
    }

    private static BigDecimal held(String account) {
        var reply = gateway.send("GET", "/v1/accounts/" + account + "/balance", null);
        Gateway.expect(200, reply);
        var matcher = HELD.matcher(reply.body());
        assertThat(matcher.find()).as(reply.body()).isTrue();
        return new BigDecimal(matcher.group(1));
    }

    private static void signal(String signal, String pid) throws IOException, InterruptedException {
        var kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %s", signal, pid).isZero();
    }
}
