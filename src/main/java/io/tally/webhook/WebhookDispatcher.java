package io.tally.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tally.ledger.LedgerConfig;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.core.Vertx;

/**
 * Delivers alerts to webhook endpoints (docs/alerts.md, "Webhooks"). Every replica is one consumer of the group
 * {@code webhooks} on each alert stream: it turns each new alert into one delivery row per matching endpoint (an
 * insert that ignores a row already there) and acknowledges the entry only after that commit, so an alert is never
 * lost and a replayed one never doubled; entries a dead consumer left pending are claimed after
 * {@code claim-idle}. Separately, every replica takes due deliveries from PostgreSQL under a lease and sends them; an
 * attempt and its consequence (delivered, due again by the retry schedule, failed, endpoint disabled) are written
 * together.
 */
@Singleton
class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final WebhookConfig config;
    private final int partitions;
    private final RedisPipes redis;
    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final HttpWebhookSender sender;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final Counter delivered;
    private final Counter failedAttempts;
    private final AtomicBoolean reading = new AtomicBoolean();
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean sendAgain = new AtomicBoolean();
    private final List<Long> timers = new ArrayList<>();
    private RedisAlertStream stream;

    WebhookDispatcher(WebhookConfig config, LedgerConfig ledger, RedisPipes redis, EndpointRepository endpoints,
            DeliveryRepository deliveries, HttpWebhookSender sender, ObjectMapper json, Vertx vertx, Clock clock,
            MeterRegistry registry) {
        this.config = config;
        this.partitions = ledger.partitions();
        this.redis = redis;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.sender = sender;
        this.json = json;
        this.vertx = vertx;
        this.clock = clock;
        this.schedule = new RetrySchedule(config.retrySchedule(), config.jitter(), config.maxRetryAfter());
        this.delivered = Counter.builder("tally.webhooks.delivered")
                .description("Alerts a webhook receiver took (2xx)").register(registry);
        this.failedAttempts = Counter.builder("tally.webhooks.attempts.failed")
                .description("Webhook attempts without a 2xx answer").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        stream = new RedisAlertStream(redis, config.group(),
                config.consumer().orElseGet(WebhookDispatcher::consumerName));
        timers.add(vertx.setPeriodic(config.pollInterval().toMillis(), id -> guarded(reading, this::readAll)));
        timers.add(vertx.setPeriodic(config.claimInterval().toMillis(), id -> guarded(claiming, this::claimAll)));
        timers.add(vertx.setPeriodic(config.dueInterval().toMillis(), id -> sendDue()));
        LOG.infof("Webhook deliverer joins group %s on %d alert streams", config.group(), partitions);
    }

    void stop(@Observes ShutdownEvent event) {
        timers.forEach(vertx::cancelTimer);
    }

    /** Runs a job unless the previous run of it is still going; a failure is logged and the next tick tries again. */
    private static void guarded(AtomicBoolean running, Supplier<Uni<?>> job) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        job.get()
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(done -> {
                }, failure -> LOG.warnf("Webhook delivery step failed (retried at the next tick): %s", failure));
    }

    private Uni<?> readAll() {
        var reads = new ArrayList<Uni<Integer>>();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            reads.add(stream.read(partition, config.batchSize())
                    .chain(entries -> handle(partition, entries)));
        }
        return Uni.join().all(reads).andCollectFailures();
    }

    private Uni<?> claimAll() {
        var claims = new ArrayList<Uni<Integer>>();
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            claims.add(stream.claim(partition, config.claimIdle(), config.batchSize())
                    .chain(entries -> handle(partition, entries)));
        }
        return Uni.join().all(claims).andCollectFailures();
    }

    /** Makes the entries' deliveries, then acknowledges them; answers how many were handled. */
    private Uni<Integer> handle(int partition, List<RedisAlertStream.Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var entry : entries) {
            if (entry.alert() != null) {
                chain = chain.chain(() -> fanOut(entry.alert()));
            }
        }
        return chain
                .chain(() -> stream.ack(partition, entries.stream().map(RedisAlertStream.Entry::streamId).toList()))
                .invoke(this::sendDue)
                .replaceWith(entries.size());
    }

    private Uni<Void> fanOut(Alert alert) {
        return endpoints.matching(alert.account(), alert.type())
                .chain(ids -> deliveries.insert(alert.account(), alert.id(), alert.type(), payload(alert), ids,
                        clock.instant()));
    }

    /** The body every attempt sends: {@code type}, {@code timestamp} and the alert as {@code data}. */
    String payload(Alert alert) {
        var body = json.createObjectNode();
        body.put("type", alert.type());
        body.put("timestamp", Instant.ofEpochMilli(alert.atMs()).toString());
        var data = body.putObject("data");
        data.put("id", alert.id());
        data.put("type", alert.type());
        data.put("state", alert.state());
        data.put("account", alert.account());
        if (alert.sub().isEmpty()) {
            data.putNull("subAccount");
        } else {
            data.put("subAccount", alert.sub());
        }
        data.put("rule", alert.rule());
        try {
            data.set("values", json.readTree(alert.values()));
        } catch (JsonProcessingException e) {
            data.put("values", alert.values());
        }
        data.put("at", Instant.ofEpochMilli(alert.atMs()).toString());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of text always writes", e);
        }
    }

    /** Sends what is due, in rounds of {@code batch-size}, until nothing is due; a call during a round adds one. */
    void sendDue() {
        if (!config.enabled()) {
            return;
        }
        if (!sending.compareAndSet(false, true)) {
            sendAgain.set(true);
            return;
        }
        sendAgain.set(false);
        var now = clock.instant();
        deliveries.takeDue(now, now.plus(config.lease()), config.batchSize())
                .chain(this::attemptAll)
                .onTermination().invoke(() -> sending.set(false))
                .subscribe().with(count -> {
                    if (count >= config.batchSize() || sendAgain.getAndSet(false)) {
                        sendDue();
                    }
                }, failure -> LOG.warnf("Taking due webhook deliveries failed (retried): %s", failure));
    }

    /** Sends the deliveries side by side; answers how many were taken. */
    private Uni<Integer> attemptAll(List<DeliveryRepository.Due> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Uni.join().all(due.stream().map(this::attemptLogged).toList()).andCollectFailures()
                .replaceWith(due.size());
    }

    /** One delivery's attempt; when it cannot be recorded, its lease runs out and a later round sends it again. */
    private Uni<Void> attemptLogged(DeliveryRepository.Due due) {
        return attempt(due)
                .onFailure().invoke(failure -> LOG.warnf("Webhook delivery %s not recorded (sent again later): %s",
                        due.id(), failure))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> attempt(DeliveryRepository.Due due) {
        if (!due.live()) {
            return deliveries.cancel(due.account(), due.id(), clock.instant());
        }
        return sender.send(due)
                .chain(answer -> record(due, answer));
    }

    private Uni<Void> record(DeliveryRepository.Due due, HttpWebhookSender.Answer answer) {
        var now = clock.instant();
        int number = due.attempts() + 1;
        var retryAfter = answer.retryAfter().flatMap(header -> RetrySchedule.retryAfter(header, now));
        var outcome = AttemptOutcome.of(number, answer.status(), retryAfter, schedule,
                ThreadLocalRandom.current().nextDouble(), now);
        (outcome.state().equals("delivered") ? delivered : failedAttempts).increment();
        var attempt = new Delivery.Attempt(number, now, answer.status(), answer.latencyMs(), answer.error());
        var recorded = deliveries.record(due.account(), due.id(), attempt, outcome.state(), outcome.next());
        return outcome.disableEndpoint()
                ? recorded.chain(() -> endpoints.disable(due.account(), due.endpoint(), "answered 410 Gone", now))
                : recorded;
    }

    private static String consumerName() {
        var host = System.getenv().getOrDefault("HOSTNAME", "tally");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
