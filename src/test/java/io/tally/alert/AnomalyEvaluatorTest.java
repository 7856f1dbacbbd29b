package io.tally.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The hourly evaluator on seeded usage records: a spike from one country is raised once and names it; an hour as busy
 * as the same hour of the previous weeks (weekly seasonality) is not, though it is far above the quiet hours.
 */
@QuarkusTest
class AnomalyEvaluatorTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    /** Monday 30 November 2026, 10:07 in Rome: the last complete hour is 09:00-10:00 local. */
    private static final Instant NOW = LocalDateTime.parse("2026-11-30T10:07:00").atZone(ROME).toInstant();
    private static final LocalDateTime HOUR = LocalDateTime.parse("2026-11-30T09:00:00");
    private static final long CREDIT = 1_000_000;

    @Inject
    AnomalyEvaluator evaluator;

    @Inject
    Pool db;

    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void aSpikeFromOneCountryIsRaisedOnceAndNamed() {
        var alerts = Alerts.priced();
        var rule = alerts.rule(Map.of("type", "spending-anomaly"));
        seedWeeks(alerts.account, 100);
        insert(alerts.account, "now-it", HOUR, 101 * CREDIT, "IT");
        insert(alerts.account, "now-ng", HOUR, 400 * CREDIT, "NG");

        var watched = watched(alerts.account);
        assertThat(watched.rules()).containsExactly(rule);
        assertThat(evaluator.lastHour(ROME, NOW)).isEqualTo(HOUR);
        assertThat(evaluator.evaluate(watched, NOW).await().atMost(TIMEOUT)).isEqualTo(1);
        assertThat(evaluator.evaluate(watched, NOW.plusSeconds(300)).await().atMost(TIMEOUT)).as("once an hour")
                .isZero();

        var fired = alerts.stream(redis, partitions);
        assertThat(fired).hasSize(1);
        var alert = fired.get(0);
        var start = HOUR.atZone(ROME).toInstant();
        assertThat(alert).containsEntry("type", "spending-anomaly").containsEntry("state", "firing")
                .containsEntry("rule", rule).containsEntry("id", "anomaly:" + start.toEpochMilli() + ":" + rule);
        assertThat(alert.get("values")).contains("\"cause\":\"destination\"", "\"causeValue\":\"NG\"",
                "\"value\":\"501\"", "\"hour\":\"" + start + "\"");
        assertThat(new io.vertx.core.json.JsonObject(alert.get("values")).getString("summary"))
                .startsWith("+").contains("from destination NG");
    }

    @Test
    void aBusyHourAsBusyAsTheSameHourOfTheWeeksBeforeIsNotRaised() {
        var alerts = Alerts.priced();
        alerts.rule(Map.of("type", "spending-anomaly"));
        seedWeeks(alerts.account, 500);
        for (int week = 0; week <= 8; week++) {
            insert(alerts.account, "night-" + week, HOUR.minusWeeks(week).minusHours(6), 2 * CREDIT, "IT");
        }
        insert(alerts.account, "now-it", HOUR, 512 * CREDIT, "IT");

        assertThat(evaluator.evaluate(watched(alerts.account), NOW).await().atMost(TIMEOUT)).isZero();
        assertThat(alerts.stream(redis, partitions)).isEmpty();
    }

    @Test
    void hoursMissedDuringADowntimeAreEvaluatedOnceEachByRacingReplicasWithinTheCatchUp() {
        var alerts = Alerts.priced();
        var rule = alerts.rule(Map.of("type", "spending-anomaly"));
        // Spikes from Nigeria 3 and 20 hours before the last complete hour (within the 24 h caught up), and one 30
        // hours before (past it); the account's hours were last evaluated 40 hours before.
        for (int back : new int[] { 3, 20, 30 }) {
            var hour = HOUR.minusHours(back);
            seedWeeks(alerts.account, hour, 100, "b" + back);
            insert(alerts.account, "spike-" + back, hour, 400 * CREDIT, "NG");
        }
        var marker = new AlertKeys(partitions).anomaly(alerts.account);
        redis.send(Request.cmd(Command.SET).arg(marker)
                .arg(Long.toString(HOUR.minusHours(40).atZone(ROME).toInstant().toEpochMilli())))
                .await().atMost(TIMEOUT);

        var watched = watched(alerts.account);
        assertThat(evaluator.hours(ROME, NOW, java.util.OptionalLong.empty())).as("never evaluated: the last hour")
                .containsExactly(HOUR);
        // Two replicas race over the same hours.
        var raised = Uni.join().all(evaluator.evaluate(watched, NOW), evaluator.evaluate(watched, NOW)).andFailFast()
                .await().atMost(TIMEOUT.multipliedBy(3));
        assertThat(raised.get(0) + raised.get(1)).as("alerts raised by both").isEqualTo(2);
        assertThat(evaluator.evaluate(watched, NOW.plusSeconds(300)).await().atMost(TIMEOUT)).as("nothing left")
                .isZero();

        assertThat(alerts.stream(redis, partitions)).extracting(alert -> alert.get("id")).containsExactly(
                "anomaly:" + HOUR.minusHours(20).atZone(ROME).toInstant().toEpochMilli() + ":" + rule,
                "anomaly:" + HOUR.minusHours(3).atZone(ROME).toInstant().toEpochMilli() + ":" + rule);
        assertThat(redis.send(Request.cmd(Command.GET).arg(marker)).await().atMost(TIMEOUT).toString())
                .as("the last hour evaluated").isEqualTo(Long.toString(HOUR.atZone(ROME).toInstant().toEpochMilli()));
    }

    /** The same hour of the 8 previous weeks: about {@code credits} each (± 3), all from Italy. */
    private void seedWeeks(String account, long credits) {
        seedWeeks(account, HOUR, credits, "w");
    }

    private void seedWeeks(String account, LocalDateTime hour, long credits, String prefix) {
        for (int week = 1; week <= 8; week++) {
            insert(account, prefix + week, hour.minusWeeks(week), (credits + (week % 3) * 3 - 3) * CREDIT, "IT");
        }
    }

    private AnomalyEvaluator.Watched watched(String account) {
        return evaluator.watched().await().atMost(TIMEOUT).stream().filter(w -> w.account().equals(account))
                .findFirst().orElseThrow();
    }

    private void insert(String account, String id, LocalDateTime hour, long credits, String country) {
        var at = hour.plusMinutes(20).atZone(ROME).toInstant().atOffset(ZoneOffset.UTC);
        db.preparedQuery("SELECT tally_ensure_month($1)").execute(Tuple.of(at)).await().atMost(TIMEOUT);
        db.preparedQuery("""
                INSERT INTO usage_records (id, occurred_at, account_id, sub_account, kind, status, service, country,
                                           cost, credits)
                VALUES ($1, $2, $3, 'main', 'meter', 'committed', 'SMS', $4, $5, $5)""")
                .execute(Tuple.from(List.of(account + "." + id, at, account, country, credits)))
                .await().atMost(TIMEOUT);
    }
}
