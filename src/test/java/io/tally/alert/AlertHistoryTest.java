package io.tally.alert;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.Eventually;

/** The alert history: written from the streams by the consumer group, filtered, paged, scoped, dismissed per key. */
@QuarkusTest
class AlertHistoryTest {

    private static List<Map<String, Object>> items(String account, String key, Map<String, Object> query) {
        return as(key).queryParams(query).get("/v1/accounts/" + account + "/alerts").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    @Test
    void alertsReachTheHistoryNewestFirstFilteredAndPaged() {
        var alerts = Alerts.priced().grant("package", "10");
        var low = alerts.rule(Map.of("type", "low-balance", "threshold", "9.5"));
        alerts.reserve("h-1");
        alerts.grant("package", "1");
        alerts.reserve("h-2");
        alerts.reserve("h-3");
        Eventually.await("three alerts in the history",
                () -> items(alerts.account, Api.OPERATOR_KEY, Map.of()).size() == 3);

        var all = items(alerts.account, Api.OPERATOR_KEY, Map.of());
        assertThat(all).extracting(item -> item.get("state")).containsExactly("firing", "resolved", "firing");
        assertThat(all).allSatisfy(item -> assertThat(item).containsEntry("rule", low)
                .containsEntry("type", "low-balance").containsEntry("dismissed", false));
        assertThat(all.get(1).get("values")).isEqualTo(Map.of("threshold", "9.5", "value", "10"));
        assertThat(items(alerts.account, Api.OPERATOR_KEY, Map.of("state", "resolved"))).hasSize(1);
        assertThat(items(alerts.account, Api.OPERATOR_KEY, Map.of("type", "negative-balance"))).isEmpty();
        assertThat(items(alerts.account, Api.OPERATOR_KEY, Map.of("from", "2000-01-01T00:00:00Z",
                "to", "2000-01-02T00:00:00Z"))).isEmpty();

        String next = asOperator().queryParam("limit", 2).get("/v1/accounts/" + alerts.account + "/alerts").then()
                .statusCode(200).body("items", hasSize(2)).extract().path("next");
        asOperator().queryParam("limit", 2).queryParam("cursor", next).get("/v1/accounts/" + alerts.account + "/alerts")
                .then().statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(all.get(2).get("id")))
                .body("next", nullValue());
    }

    @Test
    void aDismissalIsPerKeyAndOfficeAdminsSeeOnlyTheirOffices() {
        var alerts = Alerts.priced().grant("package", "100");
        for (var sub : List.of("milan", "rome")) {
            asOperator().body(Map.of("id", sub, "name", sub, "monthlyLimit", "10"))
                    .post("/v1/accounts/" + alerts.account + "/sub-accounts").then().statusCode(201);
            alerts.rule(Map.of("type", "limit-reached", "subAccount", sub, "percent", 10));
            var body = new HashMap<>(alerts.sms("s-" + sub));
            body.put("subAccount", sub);
            asOperator().body(body).post("/v1/reservations").then().statusCode(201);
        }
        var office = Api.accountKey(alerts.account, "office-admin", List.of("milan"));
        var admin = Api.accountKey(alerts.account, "company-admin", List.of());
        Eventually.await("two alerts", () -> items(alerts.account, admin, Map.of()).size() == 2);

        var mine = items(alerts.account, office, Map.of());
        assertThat(mine).hasSize(1).first().satisfies(item -> assertThat(item).containsEntry("subAccount", "milan"));
        var rome = items(alerts.account, admin, Map.of()).stream()
                .filter(item -> "rome".equals(item.get("subAccount"))).findFirst().orElseThrow();
        as(office).post("/v1/accounts/" + alerts.account + "/alerts/" + rome.get("id") + "/dismiss")
                .then().statusCode(404);

        as(office).post("/v1/accounts/" + alerts.account + "/alerts/" + mine.get(0).get("id") + "/dismiss")
                .then().statusCode(200).body("dismissed", equalTo(true));
        as(office).post("/v1/accounts/" + alerts.account + "/alerts/" + mine.get(0).get("id") + "/dismiss")
                .then().statusCode(200);
        assertThat(items(alerts.account, office, Map.of())).extracting(item -> item.get("dismissed"))
                .containsExactly(true);
        assertThat(items(alerts.account, admin, Map.of())).extracting(item -> item.get("dismissed"))
                .containsOnly(false);
        as(admin).post("/v1/accounts/" + alerts.account + "/alerts/no-such-alert/dismiss").then().statusCode(404);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({ "type, loud", "state, open", "from, yesterday", "to, 2026-13-01T00:00:00Z", "limit, 0",
            "limit, 101", "cursor, nope", "sort, at" })
    void badFiltersAreAProblemNamingTheParameter(String name, String value) {
        asOperator().queryParam(name, value).get("/v1/accounts/" + Api.newAccount() + "/alerts")
                .then().statusCode(400).body("field", equalTo(name));
    }
}
