package io.tally.ledger;

import static io.tally.Api.asOperator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.path.json.JsonPath;
import io.tally.Api;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Fixtures for ledger tests over HTTP: a priced account with credits, and what Redis holds for it. */
final class Wallet {
    final String account;

    private Wallet(String account) {
        this.account = account;
    }

    /** A new account whose SMS costs 1 credit a segment everywhere, and other services 1 credit a unit. */
    static Wallet priced() {
        return pricedIn("*");
    }

    /** The same, but priced only for destinations in one country (no default rate). */
    static Wallet pricedIn(String country) {
        var wallet = new Wallet(Api.newAccount());
        var rates = List.of("SMS", "MMS", "VOICE", "FAX", "AI_AGENT").stream()
                .flatMap(service -> List.of("outbound", "inbound").stream()
                        .map(direction -> Map.of("service", service, "direction", direction, "country", country,
                                "rate", "1")))
                .toList();
        asOperator().body(Map.of("rates", rates)).put("/v1/accounts/" + wallet.account + "/rates")
                .then().statusCode(200);
        return wallet;
    }

    Wallet grant(String kind, String amount) {
        asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", kind, "amount", amount))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        return this;
    }

    Wallet settings(Map<String, Object> ledger) {
        asOperator().body(Map.of("ledger", ledger)).patch("/v1/accounts/" + account).then().statusCode(200);
        return this;
    }

    JsonPath balance() {
        return asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200).extract().jsonPath();
    }

    Map<String, Object> sms(String key, String text) {
        return Map.of("idempotencyKey", key, "account", account, "service", "sms", "to", "+393471234567",
                "text", text);
    }

    /** The events of this account in its partition's stream. */
    List<Map<String, String>> events(RedisPipes redis, int partitions) {
        var stream = LedgerKeys.events(Partitions.of(account, partitions));
        var entries = redis.send(Request.cmd(Command.XRANGE).arg(stream).arg("-").arg("+"))
                .await().atMost(Duration.ofSeconds(10));
        var events = new java.util.ArrayList<Map<String, String>>();
        for (var entry : entries) {
            var event = StreamEvents.fields(entry.get(1));
            if (account.equals(event.get("account"))) {
                events.add(event);
            }
        }
        return events;
    }
}
