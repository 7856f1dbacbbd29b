package io.tally.alert;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/** Alert rules over HTTP: created, read, changed and deleted by admins, mirrored where the scripts read them. */
@QuarkusTest
class AlertRuleResourceTest {
    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void aCompanyAdminManagesRulesAndTheMirrorFollows() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        var base = "/v1/accounts/" + account + "/alert-rules";
        String id = as(admin).body(Map.of("type", "low-balance", "threshold", "12.5")).post(base).then()
                .statusCode(201).body("type", equalTo("low-balance")).body("threshold", equalTo(12.5f))
                .body("enabled", equalTo(true)).body("percent", nullValue()).extract().path("id");
        as(admin).body(Map.of("type", "allowance-used", "percent", 80, "kinds", List.of("subscription"))).post(base)
                .then().statusCode(201).body("kinds", equalTo(List.of("subscription")));
        as(admin).body(Map.of("type", "recharge")).post(base).then().statusCode(201);
        assertThat(mirror(account)).as("the recharge rule too: recharge-end.lua reads it").hasSize(3)
                .containsEntry(id, id + "|low-balance|12500000||||||");

        as(admin).get(base).then().statusCode(200).body("items", hasSize(3));
        as(admin).body(Map.of("threshold", "20", "enabled", false)).patch(base + "/" + id).then().statusCode(200)
                .body("threshold", equalTo(20)).body("enabled", equalTo(false));
        asOperator().get(base + "/" + id).then().statusCode(200).body("threshold", equalTo(20));
        assertThat(mirror(account)).hasSize(2).doesNotContainKey(id);

        as(admin).delete(base + "/" + id).then().statusCode(204);
        as(admin).get(base + "/" + id).then().statusCode(404);
        as(admin).delete(base + "/" + id).then().statusCode(404);
    }

    @Test
    void aLimitRuleCarriesTheSubAccountsLimitAndFollowsItsChanges() {
        var account = Api.newAccount();
        asOperator().body(Map.of("id", "milan", "name", "Milan", "monthlyLimit", "40"))
                .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201);
        String id = asOperator().body(Map.of("type", "limit-reached", "subAccount", "milan", "percent", 90))
                .post("/v1/accounts/" + account + "/alert-rules").then().statusCode(201).extract().path("id");
        assertThat(mirror(account)).containsEntry(id, id + "|limit-reached||90|milan|40000000|||");

        asOperator().body(Map.of("monthlyLimit", "50")).patch("/v1/accounts/" + account + "/sub-accounts/milan")
                .then().statusCode(200);
        io.tally.Eventually.await("the new limit in the mirror",
                () -> (id + "|limit-reached||90|milan|50000000|||").equals(mirror(account).get(id)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', nullValues = "null", value = {
            "type; {}",
            "type; {\"type\":\"loud\"}",
            "threshold; {\"type\":\"low-balance\"}",
            "threshold; {\"type\":\"low-balance\",\"threshold\":\"0\"}",
            "threshold; {\"type\":\"low-balance\",\"threshold\":\"-1\"}",
            "threshold; {\"type\":\"low-balance\",\"threshold\":\"1000000001\"}",
            "threshold; {\"type\":\"low-balance\",\"threshold\":\"0.0000001\"}",
            "percent; {\"type\":\"low-balance\",\"threshold\":\"5\",\"percent\":50}",
            "percent; {\"type\":\"allowance-used\"}",
            "percent; {\"type\":\"allowance-used\",\"percent\":0}",
            "percent; {\"type\":\"allowance-used\",\"percent\":101}",
            "kinds[1]; {\"type\":\"allowance-used\",\"percent\":50,\"kinds\":[\"commitment\",\"package\"]}",
            "subAccount; {\"type\":\"limit-reached\"}",
            "subAccount; {\"type\":\"limit-reached\",\"subAccount\":\"nowhere\"}",
            "days; {\"type\":\"credits-expiring\"}",
            "days; {\"type\":\"credits-expiring\",\"days\":366}",
            "threshold; {\"type\":\"recharge\",\"threshold\":\"5\"}",
            "colour; {\"type\":\"recharge\",\"colour\":\"red\"}" })
    void badInputIsAProblemNamingTheFieldAndSavesNothing(String field, String body) {
        var account = Api.newAccount();
        asOperator().body(body).post("/v1/accounts/" + account + "/alert-rules")
                .then().statusCode(400).body("field", equalTo(field));
        asOperator().get("/v1/accounts/" + account + "/alert-rules").then().statusCode(200).body("items", hasSize(0));
        assertThat(mirror(account)).isEmpty();
    }

    @Test
    void aPatchThatBreaksTheRuleChangesNothing() {
        var account = Api.newAccount();
        var base = "/v1/accounts/" + account + "/alert-rules";
        String id = asOperator().body(Map.of("type", "low-balance", "threshold", "5")).post(base).then()
                .statusCode(201).extract().path("id");
        var bodies = List.<Map<String, Object>> of(Map.of("threshold", "0"), Map.of("type", "negative-balance"),
                Map.of("percent", 20));
        for (var body : bodies) {
            asOperator().body(body).patch(base + "/" + id).then().statusCode(400)
                    .body("field", equalTo(body.keySet().iterator().next()));
        }
        asOperator().get(base + "/" + id).then().statusCode(200).body("threshold", equalTo(5));
        assertThat(mirror(account)).containsEntry(id, id + "|low-balance|5000000||||||");
    }

    @Test
    void anotherAccountsAdminAndUnknownAccountsAreRefused() {
        var account = Api.newAccount();
        var other = Api.accountKey(Api.newAccount(), "company-admin", List.of());
        as(other).body(Map.of("type", "recharge")).post("/v1/accounts/" + account + "/alert-rules")
                .then().statusCode(403);
        asOperator().body(Map.of("type", "recharge")).post("/v1/accounts/no-such-account-x/alert-rules")
                .then().statusCode(404);
    }

    /** The mirrored rules by id (the lines of {@code {pN}:acct:<id>:alert-rules}). */
    private Map<String, String> mirror(String account) {
        var response = redis.send(Request.cmd(Command.GET).arg(new AlertKeys(partitions).rules(account)))
                .await().atMost(Duration.ofSeconds(10));
        var out = new HashMap<String, String>();
        if (response != null) {
            for (var line : response.toString().split("\n")) {
                out.put(line.substring(0, line.indexOf('|')), line);
            }
        }
        return out;
    }
}
