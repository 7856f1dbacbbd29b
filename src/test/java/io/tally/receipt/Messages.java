package io.tally.receipt;

import static io.tally.Api.asOperator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.tally.Api;
import io.tally.ledger.EventFormat;
import io.tally.ledger.LedgerKeys;
import io.tally.ledger.Partitions;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Fixtures for receipt tests: an account whose SMS costs 1 credit a segment, its reservations and what Redis holds. */
final class Messages {
    static final Duration WAIT = Duration.ofSeconds(10);
    final String account;

    private Messages(String account) {
        this.account = account;
    }

    static Messages funded(String credits) {
        var messages = new Messages(Api.newAccount());
        asOperator().body(Map.of("rates", List.of(Map.of("service", "SMS", "direction", "outbound", "country", "*",
                "rate", "1")))).put("/v1/accounts/" + messages.account + "/rates").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "package", "amount", credits))
                .post("/v1/accounts/" + messages.account + "/grants").then().statusCode(201);
        return messages;
    }

    Messages settings(Map<String, Object> ledger) {
        asOperator().body(Map.of("ledger", ledger)).patch("/v1/accounts/" + account).then().statusCode(200);
        return this;
    }

    /** Reserves an SMS of {@code segments} (1 to 3) segments: 1 credit each. */
    String reserve(String key, int segments) {
        var text = "a".repeat(segments == 1 ? 10 : segments == 2 ? 200 : 400);
        return asOperator().body(Map.of("idempotencyKey", key, "account", account, "service", "sms", "to",
                "+393471234567", "text", text)).post("/v1/reservations")
                .then().statusCode(201).extract().path("reservationId");
    }

    static ValidatableResponse dispatch(String reservation, String carrier, String messageId, Integer parts) {
        var body = new HashMap<String, Object>(Map.of("carrier", carrier, "messageId", messageId));
        if (parts != null) {
            body.put("parts", parts);
        }
        return asOperator().body(body).post("/v1/reservations/" + reservation + "/dispatch").then();
    }

    Receipt receipt(String carrier, String messageId, int part, Integer parts, DeliveryStatus status,
            Integer segments) {
        return new Receipt(account, carrier, "conn-1", messageId, part, parts, status, null,
                Instant.parse("2026-03-01T10:00:00Z"), segments, null);
    }

    JsonPath balance() {
        return asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200).extract().jsonPath();
    }

    /** The settle events (commit, release, expire) of this account, from its partition's stream. */
    List<Map<String, String>> settles(RedisPipes redis, int partitions) {
        var stream = LedgerKeys.events(Partitions.of(account, partitions));
        var entries = redis.send(Request.cmd(Command.XRANGE).arg(stream).arg("-").arg("+")).await().atMost(WAIT);
        var settles = new ArrayList<Map<String, String>>();
        for (var entry : entries) {
            var values = new ArrayList<String>();
            entry.get(1).forEach(value -> values.add(value.toString()));
            var event = EventFormat.fields(values);
            if (account.equals(event.get("account")) && List.of("commit", "release", "expire")
                    .contains(event.get("type"))) {
                settles.add(event);
            }
        }
        return settles;
    }
}
