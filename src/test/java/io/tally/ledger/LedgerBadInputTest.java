package io.tally.ledger;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.platform.RedisPipes;

/** Every refused request is a 4xx problem naming what is wrong, and leaves the balance and the stream as they were. */
@QuarkusTest
class LedgerBadInputTest {
    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    static Stream<Arguments> badRequests() {
        return Stream.of(
                grant("a zero grant", body -> body.put("amount", "0"), 400, "amount"),
                grant("a negative grant", body -> body.put("amount", "-5"), 400, "amount"),
                grant("an oversized grant", body -> body.put("amount", "2000000000"), 400, "amount"),
                grant("a grant finer than a micro-credit", body -> body.put("amount", "1.0000001"), 400, "amount"),
                grant("a malformed amount", body -> body.put("amount", "12,5"), 400, "amount"),
                grant("an unknown lot kind", body -> body.put("kind", "gold"), 400, "kind"),
                grant("an expiry before it starts", body -> body.put("expiresOn", "2001-01-01"), 400, "expiresOn"),
                reserve("a missing idempotency key", body -> body.remove("idempotencyKey"), 400, "idempotencyKey"),
                reserve("an idempotency key with a space", body -> body.put("idempotencyKey", "m 1"), 400,
                        "idempotencyKey"),
                reserve("an idempotency key of 129 characters", body -> body.put("idempotencyKey", "k".repeat(129)), 400,
                        "idempotencyKey"),
                reserve("an unknown service", body -> body.put("service", "pigeon"), 400, "service"),
                reserve("an inbound reservation", body -> body.put("direction", "inbound"), 400, "direction"),
                reserve("malformed units", body -> {
                    body.remove("text");
                    body.put("units", "ten");
                }, 400, "units"),
                reserve("zero units", body -> {
                    body.remove("text");
                    body.put("units", 0);
                }, 400, "units"),
                reserve("an oversized text", body -> body.put("text", "a".repeat(40_000)), 400, "text"),
                reserve("an invalid destination without a default rate", body -> body.put("to", "+1"), 400, "to"),
                reserve("a destination without a rate", body -> body.put("to", "+14155552671"), 422, "to"),
                reserve("an unknown sub-account", body -> body.put("subAccount", "nowhere"), 404, null),
                reserve("an unknown account", body -> body.put("account", "no-such-account"), 404, null),
                allocate("a zero allocation", body -> body.put("amount", "0"), 400, "amount"),
                allocate("an allocation to a shared sub-account", body -> body.put("subAccount", "shared"), 400,
                        "subAccount"),
                allocate("giving back more than was allocated", body -> body.put("amount", "-1"), 402, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesWithoutChangingAnything(String name, String path, Map<String, Object> body,
            Consumer<Map<String, Object>> change, int status, String field) {
        var wallet = Wallet.pricedIn("IT").grant("package", "10");
        asOperator().body(Map.of("id", "rome", "name", "Rome", "mode", "allocated"))
                .post("/v1/accounts/" + wallet.account + "/sub-accounts").then().statusCode(201);
        asOperator().body(Map.of("id", "shared", "name", "Shared")).post("/v1/accounts/" + wallet.account
                + "/sub-accounts").then().statusCode(201);
        var before = wallet.balance().prettify();
        int events = wallet.events(redis, partitions).size();

        var request = new HashMap<>(body);
        request.replaceAll((key, value) -> "$account".equals(value) ? wallet.account : value);
        change.accept(request);
        var response = asOperator().body(request).post(path.replace("$account", wallet.account))
                .then().statusCode(status);
        if (field != null) {
            response.body("field", org.hamcrest.Matchers.equalTo(field));
        }

        assertThat(wallet.balance().prettify()).isEqualTo(before);
        assertThat(wallet.events(redis, partitions)).hasSize(events);
    }

    private static Arguments grant(String name, Consumer<Map<String, Object>> change, int status, String field) {
        return Arguments.of(name, "/v1/accounts/$account/grants",
                Map.of("idempotencyKey", "g-bad", "kind", "package", "amount", "5"), change, status, field);
    }

    private static Arguments reserve(String name, Consumer<Map<String, Object>> change, int status, String field) {
        return Arguments.of(name, "/v1/reservations", Map.of("idempotencyKey", "m-bad", "account", "$account",
                "service", "sms", "to", "+393471234567", "text", "hello"), change, status, field);
    }

    private static Arguments allocate(String name, Consumer<Map<String, Object>> change, int status, String field) {
        return Arguments.of(name, "/v1/accounts/$account/allocations",
                Map.of("idempotencyKey", "a-bad", "subAccount", "rome", "amount", "1"), change, status, field);
    }
}
