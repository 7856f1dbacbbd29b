package io.tally.alert;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

/** The SSE stream of an account's alerts: resumption with Last-Event-ID, scope, keep-alive, the cap. */
@QuarkusTest
class AlertStreamTest {
    @TestHTTPResource("/v1/accounts/")
    URI accounts;

    private URI stream(String account) {
        return accounts.resolve(account + "/alerts/stream");
    }

    @Test
    void aClientThatWasAwayWhileTwentyAlertsFiredGetsAllTwentyInOrderOnceThenLiveOnes() throws Exception {
        var alerts = Alerts.priced().grant("package", "100");
        for (int threshold = 100; threshold >= 79; threshold--) {
            alerts.rule(Map.of("type", "low-balance", "threshold", Integer.toString(threshold)));
        }
        String last;
        try (var client = SseClient.open(stream(alerts.account), Api.OPERATOR_KEY, null)) {
            assertThat(client.status).isEqualTo(200);
            client.awaitOpen();
            alerts.reserve("r-0");
            var first = client.next();
            assertThat(first.name()).isEqualTo("alert");
            assertThat(first.data()).contains("\"threshold\":\"100\"", "\"state\":\"firing\"");
            last = first.id();
        }
        for (int i = 1; i <= 20; i++) {
            alerts.reserve("r-" + i);
        }

        try (var client = SseClient.open(stream(alerts.account), Api.OPERATOR_KEY, last)) {
            var missed = client.next(20);
            assertThat(missed).extracting(SseClient.Event::name).containsOnly("alert");
            assertThat(missed).extracting(event -> event.data().replaceAll(".*\"threshold\":\"(\\d+)\".*", "$1"))
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(80, 99).map(t -> 179 - t)
                            .mapToObj(Integer::toString).toList());
            assertThat(missed).extracting(SseClient.Event::id).doesNotHaveDuplicates()
                    .isSortedAccordingTo(StreamIds::compare);
            assertThat(StreamIds.compare(missed.get(0).id(), last)).isPositive();

            alerts.reserve("r-21");
            var live = client.next();
            assertThat(live.data()).contains("\"threshold\":\"79\"");
            assertThat(client.drain(Duration.ofMillis(300))).allSatisfy(e -> assertThat(e.comment()).isTrue());
        }
    }

    @Test
    void anOfficeAdminReceivesOnlyItsSubAccountsAlerts() throws Exception {
        var alerts = Alerts.priced().grant("package", "100");
        for (var sub : List.of("milan", "rome")) {
            asOperator().body(Map.of("id", sub, "name", sub, "monthlyLimit", "10"))
                    .post("/v1/accounts/" + alerts.account + "/sub-accounts").then().statusCode(201);
            alerts.rule(Map.of("type", "limit-reached", "subAccount", sub, "percent", 10));
        }
        alerts.rule(Map.of("type", "low-balance", "threshold", "99"));
        var office = Api.accountKey(alerts.account, "office-admin", List.of("milan"));
        var admin = Api.accountKey(alerts.account, "company-admin", List.of());
        try (var officeStream = SseClient.open(stream(alerts.account), office, null);
                var adminStream = SseClient.open(stream(alerts.account), admin, null)) {
            officeStream.awaitOpen();
            adminStream.awaitOpen();
            for (var sub : List.of("rome", "milan")) {
                var body = new HashMap<>(alerts.sms("s-" + sub));
                body.put("subAccount", sub);
                asOperator().body(body).post("/v1/reservations").then().statusCode(201);
            }

            assertThat(adminStream.next(3)).as("rome's limit, then milan's limit and the low balance").hasSize(3);
            var seen = officeStream.next(1);
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).data()).contains("\"subAccount\":\"milan\"", "limit-reached");
            assertThat(officeStream.drain(Duration.ofMillis(500))).allSatisfy(e -> assertThat(e.comment()).isTrue());
        }
    }

    @Test
    void anIdOlderThanTheStreamKeepsGetsAResyncWithWhatIsFiring() throws Exception {
        var alerts = Alerts.priced().grant("package", "10");
        var rule = alerts.rule(Map.of("type", "low-balance", "threshold", "10"));
        alerts.reserve("x-1");
        try (var client = SseClient.open(stream(alerts.account), Api.OPERATOR_KEY, "1-0")) {
            var resync = client.next();
            assertThat(resync.name()).isEqualTo("resync");
            assertThat(resync.data()).contains("\"rule\":\"" + rule + "\"", "\"type\":\"low-balance\"");
            alerts.grant("package", "5");
            var live = client.next();
            assertThat(live.data()).contains("\"state\":\"resolved\"");
            assertThat(StreamIds.compare(live.id(), resync.id())).isPositive();
        }
    }

    @Test
    void badLastEventIdsAreRefusedNamingTheParameterAndOtherAccountsAreOutOfScope() {
        var account = Api.newAccount();
        asOperator().header("Last-Event-ID", "yesterday").get("/v1/accounts/" + account + "/alerts/stream")
                .then().statusCode(400).body("field", equalTo("Last-Event-ID"));
        asOperator().queryParam("lastEventId", "1-x").get("/v1/accounts/" + account + "/alerts/stream")
                .then().statusCode(400).body("field", equalTo("lastEventId"));
        asOperator().queryParam("since", "1-0").get("/v1/accounts/" + account + "/alerts/stream")
                .then().statusCode(400).body("field", equalTo("since"));
        as(Api.accountKey(Api.newAccount(), "company-admin", List.of()))
                .get("/v1/accounts/" + account + "/alerts/stream").then().statusCode(403);
    }

    @Test
    void streamsOverTheCapAreRefusedWith429AndAClosedOneFreesItsPlace() throws Exception {
        var account = Api.newAccount();
        var open = new java.util.ArrayList<SseClient>();
        try {
            for (int i = 0; i < 3; i++) {
                var client = SseClient.open(stream(account), Api.OPERATOR_KEY, null);
                client.awaitOpen();
                open.add(client);
            }
            asOperator().get("/v1/accounts/" + account + "/alerts/stream").then().statusCode(429)
                    .body("type", org.hamcrest.Matchers.endsWith("/too-many-streams"));
            open.remove(0).close();
            io.tally.Eventually.await("the closed stream's place", () -> {
                try (var again = SseClient.open(stream(account), Api.OPERATOR_KEY, null)) {
                    return again.status == 200;
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void anIdleStreamGetsKeepAliveComments() throws Exception {
        try (var client = SseClient.open(stream(Api.newAccount()), Api.OPERATOR_KEY, null)) {
            assertThat(client.drain(Duration.ofMillis(2500))).filteredOn(SseClient.Event::comment).hasSizeGreaterThan(1)
                    .allSatisfy(e -> assertThat(e.fields()).containsEntry(":", "keep-alive"));
        }
    }
}
