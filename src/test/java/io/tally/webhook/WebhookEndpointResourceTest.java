package io.tally.webhook;

import static io.tally.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

@QuarkusTest
class WebhookEndpointResourceTest {
    private static final String RECEIVER = "http://localhost:9/hook";

    private String account;
    private String admin;
    private String base;

    @BeforeEach
    void setUp() {
        account = Api.newAccount();
        admin = Api.accountKey(account, "company-admin", List.of());
        base = "/v1/accounts/" + account + "/webhook-endpoints";
    }

    @Test
    void anEndpointIsCreatedReadChangedAndDeletedAndItsSecretShownOnce() {
        var created = as(admin).body(Map.of("url", RECEIVER, "types", List.of("low-balance", "recharge")))
                .post(base).then().statusCode(201)
                .body("url", equalTo(RECEIVER)).body("types", contains("low-balance", "recharge"))
                .body("enabled", equalTo(true)).body("secret", startsWith("whsec_"))
                .extract().jsonPath();
        var id = created.getString("id");

        as(admin).get(base).then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id))
                .body("[0].secret", nullValue());
        as(admin).get(base + "/" + id).then().statusCode(200).body("secret", nullValue())
                .body("previousSecretValidUntil", nullValue());

        as(admin).body(Map.of("types", List.of("spending-anomaly"), "enabled", false)).patch(base + "/" + id)
                .then().statusCode(200).body("types", contains("spending-anomaly")).body("enabled", equalTo(false))
                .body("disabledReason", equalTo("disabled by an admin")).body("url", equalTo(RECEIVER));
        as(admin).body(Map.of("url", "http://localhost:10/other", "enabled", true)).patch(base + "/" + id)
                .then().statusCode(200).body("url", equalTo("http://localhost:10/other")).body("enabled", equalTo(true))
                .body("disabledReason", nullValue());

        as(admin).post(base + "/" + id + "/rotate-secret").then().statusCode(200).body("secret", startsWith("whsec_"));
        as(admin).get(base + "/" + id).then().statusCode(200).body("previousSecretValidUntil", startsWith("20"));
        as(admin).get(base + "/" + id + "/deliveries").then().statusCode(200).body("$", hasSize(0));

        as(admin).delete(base + "/" + id).then().statusCode(204);
        as(admin).get(base + "/" + id).then().statusCode(404);
        as(admin).delete(base + "/" + id).then().statusCode(404);
        as(admin).get(base).then().statusCode(200).body("$", hasSize(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "http://127.0.0.1:8080/hook", "http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/hook", "http://[::ffff:127.0.0.1]/hook", "http://[fd00::1]/hook", "http://0.0.0.0/hook",
            "http://192.168.1.20/hook", "http://224.0.0.1/hook",
            // names that resolve to loopback
            "http://2130706433/hook", "http://127.1/hook",
            // not http(s), no host, credentials, unresolvable
            "ftp://example.com/hook", "gopher://localhost/", "https:///hook", "'http://user:pw@localhost/hook'",
            "http://no-such-host.invalid/hook" })
    void aUrlThatMayNotReceiveWebhooksIsRefusedAndNothingIsSaved(String url) {
        as(admin).body(Map.of("url", url)).post(base)
                .then().statusCode(400).body("field", equalTo("url"));

        as(admin).get(base).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void aChangeToAUrlInsideIsRefusedAndTheEndpointKeepsItsUrl() {
        var id = as(admin).body(Map.of("url", RECEIVER)).post(base).then().statusCode(201).extract().path("id");

        as(admin).body(Map.of("url", "http://169.254.169.254/")).patch(base + "/" + id)
                .then().statusCode(400).body("field", equalTo("url"));

        as(admin).get(base + "/" + id).then().statusCode(200).body("url", equalTo(RECEIVER));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({ "types, '[\"low-balance\", \"nope\"]', 'types[1]'", "types, '[\"recharge\", \"recharge\"]', 'types[1]'",
            "types, '[null]', 'types[0]'", "enabled, 'true', enabled", "url, 'null', url", "url, '42', url",
            "colour, '\"blue\"', colour" })
    void badInputIsAProblemNamingTheFieldAndSavesNothing(String field, String value, String named) {
        var body = new HashMap<String, Object>();
        body.put("url", RECEIVER);
        var json = new StringBuilder("{");
        body.forEach((k, v) -> {
            if (!k.equals(field)) {
                json.append('"').append(k).append("\":\"").append(v).append("\",");
            }
        });
        json.append('"').append(field).append("\":").append(value).append('}');

        var problem = as(admin).body(json.toString()).post(base).then().statusCode(400).extract().jsonPath();
        assertThat(problem.getString("field")).isEqualTo(named);

        as(admin).get(base).then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void unknownEndpointsAndBadLimitsAreRefused() {
        as(admin).get(base + "/we_none").then().statusCode(404);
        as(admin).body(Map.of("enabled", true)).patch(base + "/we_none").then().statusCode(404);
        as(admin).post(base + "/we_none/rotate-secret").then().statusCode(404);
        as(admin).get(base + "/we_none/deliveries").then().statusCode(404);
        var id = as(admin).body(Map.of("url", RECEIVER)).post(base).then().statusCode(201).extract().path("id");
        as(admin).get(base + "/" + id + "/deliveries?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        as(admin).get(base + "/" + id + "/deliveries?limit=x").then().statusCode(400).body("field", equalTo("limit"));
        as(admin).get(base + "/" + id + "/deliveries?colour=blue").then().statusCode(400);
        as(Api.OPERATOR_KEY).body(Map.of("url", RECEIVER)).post("/v1/accounts/acct-none/webhook-endpoints")
                .then().statusCode(404);
    }
}
