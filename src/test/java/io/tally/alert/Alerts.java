package io.tally.alert;

import static io.tally.Api.asOperator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tally.Api;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Fixtures for alert tests: a priced account with credits, its rules, and its entries of the alert stream. */
final class Alerts {
    final String account;

    private Alerts(String account) {
        this.account = account;
    }

    /** A new account whose SMS (and inbound use) costs 1 credit a segment everywhere. */
    static Alerts priced() {
        var alerts = new Alerts(Api.newAccount());
        var rates = List.of("outbound", "inbound").stream()
                .map(direction -> Map.of("service", "SMS", "direction", direction, "country", "*", "rate", "1"))
                .toList();
        asOperator().body(Map.of("rates", rates)).put("/v1/accounts/" + alerts.account + "/rates")
                .then().statusCode(200);
        return alerts;
    }

    Alerts grant(String kind, String amount) {
        asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", kind, "amount", amount))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        return this;
    }

    String rule(Map<String, Object> body) {
        return asOperator().body(body).post("/v1/accounts/" + account + "/alert-rules").then().statusCode(201)
                .extract().path("id");
    }

    int reserve(String key) {
        return asOperator().body(sms(key)).post("/v1/reservations").then().extract().statusCode();
    }

    String reserveId(String key) {
        return asOperator().body(sms(key)).post("/v1/reservations").then().statusCode(201).extract().path("reservationId");
    }

    Map<String, Object> sms(String key) {
        return Map.of("idempotencyKey", key, "account", account, "service", "sms", "to", "+393471234567",
                "text", "hi");
    }

    /** This account's entries of its partition's alert stream, oldest first, each with its stream id as "entry". */
    List<Map<String, String>> stream(RedisPipes redis, int partitions) {
        var key = AlertKeys.stream(new AlertKeys(partitions).partition(account));
        var entries = redis.send(Request.cmd(Command.XRANGE).arg(key).arg("-").arg("+"))
                .await().atMost(Duration.ofSeconds(10));
        var out = new ArrayList<Map<String, String>>();
        for (var entry : entries) {
            var fields = new LinkedHashMap<String, String>();
            fields.put("entry", entry.get(0).toString());
            var values = entry.get(1);
            for (int i = 0; i + 1 < values.size(); i += 2) {
                fields.put(values.get(i).toString(), values.get(i + 1).toString());
            }
            if (account.equals(fields.get("account"))) {
                out.add(fields);
            }
        }
        return out;
    }
}
