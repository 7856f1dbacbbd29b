package io.tally.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.ledger.Ledger;
import io.tally.ledger.LedgerKeys;
import io.tally.ledger.RechargeEnd;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * The alerts the credit lifecycle raises outside a movement's threshold check: credits expiring (the sweeper's
 * check, once per lot, rule and expiry), recharges ending (once per recharge), and low balances scoped to a service or
 * a wallet kind.
 */
@QuarkusTest
class LifecycleAlertsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    RedisPipes redis;

    @Inject
    Ledger ledger;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void aLotExpiringWithinARulesDaysWarnsOncePerRuleAndAgainWhenItsExpiryMoves() {
        var alerts = Alerts.priced();
        var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var expires = now.plus(Duration.ofDays(10));
        Api.asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "package", "amount", "12.5",
                "expiresAt", expires.toString())).post("/v1/accounts/" + alerts.account + "/grants").then()
                .statusCode(201);
        alerts.grant("universal", "3");
        var month = alerts.rule(Map.of("type", "credits-expiring", "days", 30));
        var week = alerts.rule(Map.of("type", "credits-expiring", "days", 7));
        int partition = new LedgerKeys(partitions).partition(alerts.account);
        assertThat(await(ledger.expiryWarningAccounts(partition))).contains(alerts.account);

        assertThat(await(ledger.warnExpiring(alerts.account, "w1", now))).isEqualTo(1);
        assertThat(await(ledger.warnExpiring(alerts.account, "w2", now.plusSeconds(60)))).as("once").isZero();
        assertThat(await(ledger.warnExpiring(alerts.account, "w3", now.plus(Duration.ofDays(4))))).isEqualTo(1);
        assertThat(await(ledger.warnExpiring(alerts.account, "w4", now.plus(Duration.ofDays(5))))).isZero();

        var fired = alerts.stream(redis, partitions);
        assertThat(fired).extracting(e -> e.get("rule") + " " + e.get("type") + " " + e.get("state"))
                .containsExactly(month + " credits-expiring firing", week + " credits-expiring firing");
        assertThat(fired.get(0).get("id")).startsWith("w1:" + month + ":");
        assertThat(fired.get(0).get("values")).contains("\"days\":\"30\"", "\"kind\":\"package\"",
                "\"expires\":\"" + expires.toString().replace("Z", ".000Z") + "\"", "\"value\":\"12.5\"");
        assertThat(fired.get(0).get("at_ms")).isEqualTo(Long.toString(now.toEpochMilli()));

        assertThat(await(ledger.warnExpiring(alerts.account, "w5", expires.plusSeconds(1)))).as("expired: no warning")
                .isZero();
        assertThat(states(alerts)).as("the warnings' states go once their expiry has passed").isEmpty();

        for (var rule : List.of(month, week)) {
            Api.asOperator().delete("/v1/accounts/" + alerts.account + "/alert-rules/" + rule).then().statusCode(204);
        }
        assertThat(await(ledger.expiryWarningAccounts(partition))).doesNotContain(alerts.account);
    }

    @Test
    void aRechargeThatEndsRaisesOneAlertForItsOutcome() {
        var alerts = Alerts.priced();
        var rule = alerts.rule(Map.of("type", "recharge"));
        var now = Instant.now();
        var keys = new LedgerKeys(partitions);
        open(keys, alerts.account, "rc-1", now);
        assertThat(await(ledger.endRecharge(alerts.account, "rc-1", RechargeEnd.DONE, now, now, 25_500_000, "")))
                .isTrue();
        assertThat(await(ledger.endRecharge(alerts.account, "rc-1", RechargeEnd.DONE, now, now, 25_500_000, "")))
                .as("ended already").isFalse();
        open(keys, alerts.account, "rc-2", now);
        assertThat(await(ledger.endRecharge(alerts.account, "rc-2", RechargeEnd.RETRY, now.plusSeconds(5), now, 0,
                ""))).isTrue();
        assertThat(await(ledger.endRecharge(alerts.account, "rc-2", RechargeEnd.FAILED, now, now, 0,
                "card \"declined\""))).isTrue();
        open(keys, alerts.account, "rc-3", now);
        assertThat(await(ledger.endRecharge(alerts.account, "rc-3", RechargeEnd.DONE, now, now, 0, "")))
                .as("nothing bought: no alert").isTrue();

        var fired = alerts.stream(redis, partitions);
        assertThat(fired).extracting(e -> e.get("id") + " " + e.get("state") + " " + e.get("values")).containsExactlyInAnyOrder(
                "rc-1:" + rule + " firing {\"outcome\":\"succeeded\",\"recharge\":\"rc-1\",\"credits\":\"25.5\"}",
                "rc-2:" + rule + " firing {\"outcome\":\"failed\",\"recharge\":\"rc-2\",\"reason\":\"card  declined \"}");
        assertThat(fired).allSatisfy(e -> assertThat(e).containsEntry("type", "recharge").containsEntry("rule", rule));
    }

    @Test
    void aLowBalanceOfOneServiceOrOneWalletKindFiresOnceAndResolves() {
        var alerts = Alerts.priced();
        Api.asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "package", "amount", "10",
                "services", List.of("sms"))).post("/v1/accounts/" + alerts.account + "/grants").then().statusCode(201);
        Api.asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "universal", "amount",
                "100", "services", List.of("voice"))).post("/v1/accounts/" + alerts.account + "/grants").then()
                .statusCode(201);
        var sms = alerts.rule(Map.of("type", "low-balance", "threshold", "9.5", "service", "sms"));
        var packages = alerts.rule(Map.of("type", "low-balance", "threshold", "9.5", "kind", "package"));
        alerts.rule(Map.of("type", "low-balance", "threshold", "50"));
        Api.asOperator().get("/v1/accounts/" + alerts.account + "/alert-rules/" + sms).then().statusCode(200)
                .extract().path("service").equals("sms");

        assertThat(alerts.reserve("s-1")).isEqualTo(201);
        assertThat(alerts.reserve("s-2")).isEqualTo(201);
        alerts.grant("package", "2");

        assertThat(alerts.stream(redis, partitions)).extracting(e -> e.get("rule") + " " + e.get("state") + " "
                + e.get("values")).containsExactlyInAnyOrder(
                        sms + " firing {\"threshold\":\"9.5\",\"value\":\"9\",\"service\":\"sms\"}",
                        packages + " firing {\"threshold\":\"9.5\",\"value\":\"9\",\"kind\":\"package\"}",
                        sms + " resolved {\"threshold\":\"9.5\",\"value\":\"10\",\"service\":\"sms\"}",
                        packages + " resolved {\"threshold\":\"9.5\",\"value\":\"10\",\"kind\":\"package\"}");
    }

    @Test
    void aLowBalanceOfOneServiceCountsTheLotsPayingForItsCategory() {
        var alerts = Alerts.priced();
        Api.asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "commitment", "amount", "10",
                "services", List.of("category:messaging"))).post("/v1/accounts/" + alerts.account + "/grants").then()
                .statusCode(201);
        Api.asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "universal", "amount",
                "100", "services", List.of("voice"))).post("/v1/accounts/" + alerts.account + "/grants").then()
                .statusCode(201);
        var sms = alerts.rule(Map.of("type", "low-balance", "threshold", "9.5", "service", "sms"));

        assertThat(alerts.reserve("c-1")).isEqualTo(201);
        assertThat(alerts.reserve("c-2")).isEqualTo(201);

        // the commitment for messaging pays for SMS: its credits are the service's balance
        assertThat(alerts.stream(redis, partitions)).extracting(e -> e.get("rule") + " " + e.get("state") + " "
                + e.get("values")).containsExactly(
                        sms + " firing {\"threshold\":\"9.5\",\"value\":\"9\",\"service\":\"sms\"}");
    }

    @Test
    void aScopeThatDoesNotApplyOrIsUnknownIsRefusedNamingIt() {
        var alerts = Alerts.priced();
        var base = "/v1/accounts/" + alerts.account + "/alert-rules";
        Api.asOperator().body(Map.of("type", "low-balance", "threshold", "1", "service", "telegram")).post(base)
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("service"));
        Api.asOperator().body(Map.of("type", "low-balance", "threshold", "1", "kind", "gold")).post(base)
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("kind"));
        Api.asOperator().body(Map.of("type", "negative-balance", "service", "sms")).post(base)
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("service"));
        Api.asOperator().get(base).then().statusCode(200).body("items", org.hamcrest.Matchers.empty());
    }

    private void open(LedgerKeys keys, String account, String id, Instant now) {
        await(redis.send(Request.cmd(Command.SET).arg(keys.recharge(account)).arg("OPEN|" + id + "|" + now.toEpochMilli())));
    }

    private List<String> states(Alerts alerts) {
        var found = await(redis.send(Request.cmd(Command.HKEYS).arg(new AlertKeys(partitions).states(alerts.account))));
        var out = new java.util.ArrayList<String>();
        found.forEach(field -> out.add(field.toString()));
        return out;
    }

    private static <T> T await(io.smallrye.mutiny.Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
