package io.tally.receipt;

import static io.tally.receipt.DeliveryStatus.ACCEPTED;
import static io.tally.receipt.DeliveryStatus.DELIVERED;
import static io.tally.receipt.DeliveryStatus.FAILED;
import static io.tally.receipt.DeliveryStatus.REJECTED;
import static io.tally.receipt.DeliveryStatus.UNDELIVERED;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tally.Api;
import io.tally.ledger.Partitions;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * A thousand messages reserved, dispatched over HTTP, and their receipts applied out of order, each three times, a
 * third of them before their dispatch: each message settles exactly once, as its receipts say, and the balance is
 * exact to the micro-credit.
 */
@QuarkusTest
class ThousandMessagesTest {
    private static final int MESSAGES = 1000;
    private static final int CONCURRENCY = 32;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Receipts receipts;

    @Inject
    RedisPipes redis;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    private final HttpClient http = HttpClient.newHttpClient();

    /** One message: what was reserved, its receipts (one copy each), and the micro-credits it must commit. */
    private record Message(int index, int segments, int parts, List<Receipt> receipts, long committed) {
        String messageId() {
            return "SM" + index;
        }

        boolean early() {
            return index % 3 == 0;
        }
    }

    @Test
    void eachMessageSettlesExactlyOnceAsItsReceiptsSay() throws Exception {
        var m = Messages.funded("10000");
        var random = new Random(20261201);
        var messages = new ArrayList<Message>();
        for (int i = 0; i < MESSAGES; i++) {
            messages.add(plan(m, i, random));
        }
        var reservations = all(messages, message -> post("/v1/reservations", Map.of("idempotencyKey", "k"
                + message.index(), "account", m.account, "service", "sms", "to", "+393471234567", "text",
                "a".repeat(message.segments() == 1 ? 10 : message.segments() == 2 ? 200 : 400)), 201)
                .thenApply(body -> body.get("reservationId").asText()));

        var early = copies(messages.stream().filter(Message::early).toList(), random);
        var parked = ReceiptFlowTest.all(receipts, early, CONCURRENCY).await().atMost(WAIT);
        assertThat(parked).hasSize(early.size()).allMatch(outcome -> outcome instanceof ReceiptOutcome.Parked);

        var order = new ArrayList<>(messages);
        Collections.shuffle(order, random);
        var dispatched = all(order, message -> {
            var body = new HashMap<String, Object>(Map.of("carrier", "twilio", "messageId", message.messageId()));
            if (message.parts() > 1) {
                body.put("parts", message.parts());
            }
            return post("/v1/reservations/" + reservations.get(message.index()) + "/dispatch", body, 200);
        });
        assertThat(dispatched).filteredOn(view -> view.get("outcome").asText().equals("settled"))
                .as("the early messages, decided by their parked receipts at their dispatch")
                .hasSize((int) messages.stream().filter(Message::early).count());

        var late = copies(messages.stream().filter(message -> !message.early()).toList(), random);
        var outcomes = ReceiptFlowTest.all(receipts, late, CONCURRENCY).await().atMost(WAIT);
        assertThat(outcomes).hasSize(late.size()).noneMatch(outcome -> outcome instanceof ReceiptOutcome.Parked);

        var settles = m.settles(redis, partitions);
        var committedByReservation = new HashMap<String, Long>();
        settles.forEach(event -> assertThat(committedByReservation.put(event.get("reservation"),
                Long.parseLong(event.get("committed")))).as("a second settle of %s", event.get("reservation"))
                .isNull());
        assertThat(settles).hasSize(MESSAGES).allMatch(e -> List.of("commit", "release").contains(e.get("type")));
        for (var message : messages) {
            assertThat(committedByReservation.get(reservations.get(message.index())))
                    .as("committed for message %d", message.index()).isEqualTo(message.committed());
        }
        long spent = messages.stream().mapToLong(Message::committed).sum();
        var balance = m.balance();
        assertThat(balance.getString("held")).isEqualTo("0");
        assertThat(new BigDecimal(balance.getString("spent"))).isEqualByComparingTo(BigDecimal.valueOf(spent, 6));
        assertThat(new BigDecimal(balance.getString("available")))
                .isEqualByComparingTo(BigDecimal.valueOf(10_000_000_000L - spent, 6));
        assertThat(parkedMembers(m.account)).as("receipts still parked").isEmpty();
        everyPartIsRecorded(m.account, messages);
    }

    /** A message of 1 to 3 segments, in 1 part or (2 or 3 segments) 2 parts, and the receipts that decide it. */
    private static Message plan(Messages m, int i, Random random) {
        int segments = 1 + random.nextInt(3);
        var id = "SM" + i;
        var receipts = new ArrayList<Receipt>();
        if (random.nextBoolean()) {
            receipts.add(m.receipt("twilio", id, 1, null, ACCEPTED, null));
        }
        if (segments > 1 && random.nextBoolean()) {
            var first = random.nextBoolean() ? DELIVERED : FAILED;
            var second = random.nextBoolean() ? DELIVERED : FAILED;
            receipts.add(m.receipt("twilio", id, 1, 2, first, first == DELIVERED ? 1 : null));
            receipts.add(m.receipt("twilio", id, 2, 2, second, second == DELIVERED ? 1 : null));
            int sent = (first == DELIVERED ? 1 : 0) + (second == DELIVERED ? 1 : 0);
            long committed = sent == 0 ? 0 : Math.min(sent, segments) * 1_000_000L;
            return new Message(i, segments, 2, receipts, committed);
        }
        long committed;
        switch (random.nextInt(5)) {
            case 0 -> {
                receipts.add(m.receipt("twilio", id, 1, null, DELIVERED, null));
                committed = segments * 1_000_000L;
            }
            case 1 -> {
                int reported = 1 + random.nextInt(segments);
                receipts.add(m.receipt("twilio", id, 1, null, DELIVERED, reported));
                committed = reported * 1_000_000L;
            }
            case 2 -> {
                receipts.add(m.receipt("twilio", id, 1, null, UNDELIVERED, null));
                committed = segments * 1_000_000L;
            }
            case 3 -> {
                receipts.add(m.receipt("twilio", id, 1, null, FAILED, null));
                committed = 0;
            }
            default -> {
                receipts.add(m.receipt("twilio", id, 1, null, REJECTED, null));
                committed = 0;
            }
        }
        return new Message(i, segments, 1, receipts, committed);
    }

    /** Every receipt of the messages three times, shuffled. */
    private static List<Receipt> copies(List<Message> messages, Random random) {
        var all = new ArrayList<Receipt>();
        for (var message : messages) {
            for (int copy = 0; copy < 3; copy++) {
                all.addAll(message.receipts());
            }
        }
        Collections.shuffle(all, random);
        return all;
    }

    private interface Call<T> {
        CompletableFuture<T> apply(Message message);
    }

    /** The calls, at most {@link #CONCURRENCY} at once; their results in the order of {@code messages}. */
    private static <T> List<T> all(List<Message> messages, Call<T> call) throws Exception {
        var permits = new Semaphore(CONCURRENCY);
        var futures = new ArrayList<CompletableFuture<T>>();
        for (var message : messages) {
            permits.acquire();
            futures.add(call.apply(message).whenComplete((result, failure) -> permits.release()));
        }
        var results = new ArrayList<T>();
        for (var future : futures) {
            results.add(future.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        }
        return results;
    }

    private CompletableFuture<JsonNode> post(String path, Map<String, Object> body, int status) {
        try {
            var request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                    .header("Authorization", "Bearer " + Api.OPERATOR_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                if (response.statusCode() != status) {
                    throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
                }
                try {
                    return json.readTree(response.body());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> parkedMembers(String account) {
        var parked = new ArrayList<String>();
        var reply = redis.send(Request.cmd(Command.ZRANGE).arg(ReceiptKeys.parked(Partitions.of(account, partitions)))
                .arg(0).arg(-1)).await().atMost(WAIT);
        reply.forEach(member -> {
            if (member.toString().startsWith(account + ":")) {
                parked.add(member.toString());
            }
        });
        return parked;
    }

    /** Each message's hash holds a status for each of its parts and its decision. */
    private void everyPartIsRecorded(String account, List<Message> messages) {
        int p = Partitions.of(account, partitions);
        var requests = new ArrayList<Request>();
        for (var message : messages) {
            var key = ReceiptKeys.message(p, account, "twilio", message.messageId());
            var fields = Request.cmd(Command.HMGET).arg(key).arg("decided");
            for (int part = 1; part <= message.parts(); part++) {
                fields.arg("p:" + part);
            }
            requests.add(fields);
        }
        var replies = redis.batch(requests).await().atMost(WAIT);
        for (int i = 0; i < messages.size(); i++) {
            var reply = replies.get(i);
            for (int field = 0; field < reply.size(); field++) {
                assertThat(reply.get(field)).as("message %d, field %d", i, field).isNotNull();
            }
        }
    }
}
