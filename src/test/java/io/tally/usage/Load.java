package io.tally.usage;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Sustained reservations for the resilience tests: worker threads reserve one SMS on a random account through
 * whichever gateway is up, then commit it (every fifth is released), until stopped. Failures (a killed gateway) are
 * counted, not fatal.
 */
final class Load implements AutoCloseable {
    private static final Pattern RESERVATION = Pattern.compile("\"reservationId\"\\s*:\\s*\"([^\"]+)\"");

    final List<Gateway> gateways = new CopyOnWriteArrayList<>();
    final AtomicLong reserved = new AtomicLong();
    final AtomicLong settled = new AtomicLong();
    /** The ids of the reservations answered 201. */
    final Set<String> answered = ConcurrentHashMap.newKeySet();
    /** The ids of the reservations whose commit or release was answered 200. */
    final Set<String> settledIds = ConcurrentHashMap.newKeySet();
    final Map<Integer, AtomicLong> failures = new ConcurrentHashMap<>();
    private final List<String> accounts;
    private final String key;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> workers = new CopyOnWriteArrayList<>();

    Load(List<String> accounts, int threads, List<Gateway> gateways) {
        this(accounts, threads, gateways, Gateway.OPERATOR_KEY);
    }

    /** The same with an API key of its own (one the gateways look up and cache, unlike the bootstrap key). */
    Load(List<String> accounts, int threads, List<Gateway> gateways, String key) {
        this.key = key;
        this.accounts = accounts;
        this.gateways.addAll(gateways);
        for (int i = 0; i < threads; i++) {
            var worker = new Thread(this::work, "load-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    long failed() {
        return failures.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void work() {
        var random = new java.util.Random();
        long n = 0;
        while (running.get()) {
            var live = gateways.stream().filter(Gateway::alive).toList();
            if (live.isEmpty()) {
                Gateway.sleep(50);
                continue;
            }
            var gateway = live.get(random.nextInt(live.size()));
            var account = accounts.get(random.nextInt(accounts.size()));
            var reply = gateway.send("POST", "/v1/reservations", "{\"idempotencyKey\":\"" + UUID.randomUUID()
                    + "\",\"account\":\"" + account + "\",\"service\":\"sms\",\"to\":\"+393471234567\","
                    + "\"text\":\"hello from the load\"}", key);
            if (reply.status() != 201) {
                fail(reply.status());
                continue;
            }
            reserved.incrementAndGet();
            var matcher = RESERVATION.matcher(reply.body());
            if (!matcher.find()) {
                fail(-1);
                continue;
            }
            answered.add(matcher.group(1));
            var action = (n++ % 5 == 4) ? "release" : "commit";
            var settle = gateway.send("POST", "/v1/reservations/" + matcher.group(1) + "/" + action, null, key);
            if (settle.status() == 200) {
                settledIds.add(matcher.group(1));
                settled.incrementAndGet();
            } else {
                fail(settle.status());
            }
        }
    }

    private void fail(int status) {
        failures.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (status == 0) {
            Gateway.sleep(20);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            for (var worker : workers) {
                worker.join(15_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
