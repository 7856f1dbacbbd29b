package io.tally.ledger;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.platform.RedisPipes;

/**
 * Bodies where money moves, and where its terms are set, are read strictly: a repeated key, data after the JSON
 * value, an amount with an exponent and a fraction where a whole number belongs are each a 400 problem (naming the
 * field, or the repeated key) that changes nothing. Each of these bodies used to be taken (or answered 500).
 */
@QuarkusTest
class StrictBodiesTest {
    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    static Stream<Arguments> bodies() {
        var grants = "/v1/accounts/$account/grants";
        var allocations = "/v1/accounts/$account/allocations";
        var reservations = "/v1/reservations";
        var commit = "/v1/reservations/$reservation/commit";
        var usage = "/v1/usage";
        var rates = "/v1/accounts/$account/rates";
        var account = "/v1/accounts/$account";
        var rome = "/v1/accounts/$account/sub-accounts/rome";
        var sms = "\"idempotencyKey\":\"m-strict\",\"account\":\"$account\",\"service\":\"sms\","
                + "\"to\":\"+393471234567\"";
        var mms = "\"idempotencyKey\":\"m-strict\",\"account\":\"$account\",\"service\":\"mms\","
                + "\"to\":\"+393471234567\"";
        var inbound = "\"idempotencyKey\":\"u-strict\",\"account\":\"$account\",\"service\":\"mms\","
                + "\"from\":\"+393471234567\"";
        var row = "\"service\":\"SMS\",\"direction\":\"outbound\",\"country\":\"*\"";
        return Stream.of(
                // a repeated key: the last value used to win, or (every field set) a 500 with an empty body
                refused("a grant of 1 then 1000", "POST", grants,
                        "{\"idempotencyKey\":\"g-strict\",\"kind\":\"package\",\"amount\":\"1\",\"amount\":\"1000\"}",
                        "amount"),
                refused("a repeated key with every field set", "POST", allocations,
                        "{\"idempotencyKey\":\"a-strict\",\"subAccount\":\"rome\",\"amount\":\"1\",\"amount\":\"5\"}",
                        "amount"),
                refused("a repeated units", "POST", reservations, "{" + mms + ",\"units\":1,\"units\":9}", "units"),
                refused("a repeated metadata key", "POST", reservations,
                        "{" + sms + ",\"text\":\"hi\",\"metadata\":{\"c\":\"a\",\"c\":\"b\"}}", "metadata.c"),
                refused("a repeated commit amount", "POST", commit, "{\"amount\":\"1\",\"amount\":\"0.5\"}", "amount"),
                refused("a repeated usage units", "POST", usage, "{" + inbound + ",\"units\":1,\"units\":9}", "units"),
                refused("a repeated rate", "PUT", rates, "{\"rates\":[{" + row + ",\"rate\":\"1\",\"rate\":\"0\"}]}",
                        "rates[0].rate"),
                refused("a repeated rate with every field set", "PUT", rates,
                        "{\"rates\":[{\"service\":\"VOICE\",\"direction\":\"outbound\",\"country\":\"*\",\"rate\":\"1\","
                                + "\"billing\":\"6/6\",\"rate\":\"0\"}]}",
                        "rates[0].rate"),
                refused("a repeated overdraft limit", "PATCH", account,
                        "{\"ledger\":{\"overdraftLimit\":\"1\",\"overdraftLimit\":\"1000000000\"}}",
                        "ledger.overdraftLimit"),
                refused("a repeated monthly limit", "PATCH", rome, "{\"monthlyLimit\":\"1\",\"monthlyLimit\":\"none\"}",
                        "monthlyLimit"),
                // data after the JSON value used to be ignored
                malformed("a second object after a grant", "POST", grants,
                        "{\"idempotencyKey\":\"g-strict\",\"kind\":\"package\",\"amount\":\"5\"} {\"amount\":\"1000\"}"),
                malformed("a word after an allocation", "POST", allocations,
                        "{\"idempotencyKey\":\"a-strict\",\"subAccount\":\"rome\",\"amount\":\"1\"} x"),
                malformed("a second object after a reservation", "POST", reservations,
                        "{" + sms + ",\"text\":\"hi\"}{}"),
                malformed("a number after a commit", "POST", commit, "{\"amount\":\"1\"} 2"),
                malformed("an array after a usage", "POST", usage, "{" + inbound + ",\"units\":1} []"),
                malformed("a second card", "PUT", rates, "{\"rates\":[]} {\"rates\":[]}"),
                malformed("a second patch", "PATCH", account, "{\"name\":\"a\"} {\"name\":\"b\"}"),
                // an exponent used to be read as an amount: "1e3" was 1,000 credits
                refused("an amount of \"1e3\"", "POST", grants,
                        "{\"idempotencyKey\":\"g-strict\",\"kind\":\"package\",\"amount\":\"1e3\"}", "amount"),
                refused("an amount of 1e3", "POST", grants,
                        "{\"idempotencyKey\":\"g-strict\",\"kind\":\"package\",\"amount\":1e3}", "amount"),
                refused("an allocation of 5E0", "POST", allocations,
                        "{\"idempotencyKey\":\"a-strict\",\"subAccount\":\"rome\",\"amount\":5E0}", "amount"),
                refused("a commit of \"1e0\"", "POST", commit, "{\"amount\":\"1e0\"}", "amount"),
                refused("a rate of 1e-3", "PUT", rates, "{\"rates\":[{" + row + ",\"rate\":1e-3}]}", "rates[0].rate"),
                refused("an overdraft limit of 1e9", "PATCH", account, "{\"ledger\":{\"overdraftLimit\":1e9}}",
                        "ledger.overdraftLimit"),
                refused("a monthly limit of \"1e3\"", "PATCH", rome, "{\"monthlyLimit\":\"1e3\"}", "monthlyLimit"),
                // a fraction where a whole number belongs used to be cut: units 1.9 were billed as 1
                refused("units of 1.9", "POST", reservations, "{" + mms + ",\"units\":1.9}", "units"),
                refused("usage units of 2.5", "POST", usage, "{" + inbound + ",\"units\":2.5}", "units"),
                refused("a grant priority of 1.5", "POST", grants,
                        "{\"idempotencyKey\":\"g-strict\",\"kind\":\"package\",\"amount\":\"5\",\"priority\":1.5}",
                        "priority"),
                refused("a hold timeout of 60.5", "PATCH", account, "{\"ledger\":{\"holdTimeoutSeconds\":60.5}}",
                        "ledger.holdTimeoutSeconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void refusesAndChangesNothing(String name, String method, String path, String body, String type, String field) {
        var wallet = Wallet.priced().grant("package", "10");
        asOperator().body(Map.of("id", "rome", "name", "Rome", "mode", "allocated"))
                .post("/v1/accounts/" + wallet.account + "/sub-accounts").then().statusCode(201);
        String reservation = asOperator().body(wallet.sms("m-held", "hello")).post("/v1/reservations")
                .then().statusCode(201).extract().path("reservationId");
        var before = state(wallet);

        var response = asOperator().body(body.replace("$account", wallet.account))
                .request(method, path.replace("$account", wallet.account).replace("$reservation", reservation))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/" + type));
        response.body("field", field == null ? nullValue() : equalTo(field));
        if (field != null) {
            response.body("detail", startsWith(field + ": "));
        }

        assertThat(state(wallet)).isEqualTo(before);
    }

    /** What the refused request could have changed: credits, events, settings, rates and the sub-account. */
    private List<Object> state(Wallet wallet) {
        var base = "/v1/accounts/" + wallet.account;
        return List.of(wallet.balance().prettify(), wallet.events(redis, partitions).size(),
                asOperator().get(base).then().statusCode(200).extract().asString(),
                asOperator().get(base + "/rates").then().statusCode(200).extract().asString(),
                asOperator().get(base + "/sub-accounts/rome").then().statusCode(200).extract().asString());
    }

    private static Arguments refused(String name, String method, String path, String body, String field) {
        return Arguments.of(name, method, path, body, "invalid-request", field);
    }

    private static Arguments malformed(String name, String method, String path, String body) {
        return Arguments.of(name, method, path, body, "malformed-json", null);
    }
}
