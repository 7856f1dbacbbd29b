package io.tally.reconciliation;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.ledger.LedgerKeys;
import io.tally.ledger.RedisLedger;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The rebuild of an account with many open holds writes them in bounded steps: no script blocks Redis for long. */
@QuarkusTest
class LargeRebuildTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int HOLDS = 20_000;
    /** A script slower than this (µs) is logged by Redis; a step of the rebuild stays well below it. */
    private static final int SLOW_MICROS = 100_000;

    @Inject
    RedisPipes redis;
    @Inject
    RedisLedger ledger;
    @Inject
    Pool pg;

    @Test
    void twentyThousandOpenHoldsAreWrittenInStepsThatEachStayShort() {
        var account = Api.newAccount();
        insertOpenReservations(account);
        var slower = send(Request.cmd(Command.CONFIG).arg("GET").arg("slowlog-log-slower-than"))
                .get("slowlog-log-slower-than").toString();
        send(Request.cmd(Command.CONFIG).arg("SET").arg("slowlog-log-slower-than").arg(SLOW_MICROS));
        send(Request.cmd(Command.SLOWLOG).arg("RESET"));
        try {
            asOperator().post("/v1/accounts/" + account + "/rebuild")
                    .then().statusCode(200).body("holds", equalTo(HOLDS)).body("held", equalTo(0.02f));
            assertThat(slowScripts()).isEmpty();
        } finally {
            send(Request.cmd(Command.CONFIG).arg("SET").arg("slowlog-log-slower-than").arg(slower));
        }
        var last = "r." + account + ".h" + HOLDS;
        assertThat(send(Request.cmd(Command.GET).arg(ledger.keys().hold(last))).toString()).startsWith("HELD|");
        assertThat(send(Request.cmd(Command.ZSCORE).arg(LedgerKeys.deadlines(ledger.keys().partition(account)))
                .arg(last))).isNotNull();
        asOperator().post("/v1/reservations/" + last + "/release").then().statusCode(200)
                .body("state", equalTo("released"));
    }

    @Test
    void aRebuildStoppedPartWaySaysItMayBePartlyAppliedAndARepeatCompletesIt() throws Exception {
        var account = Api.newAccount();
        insertOpenReservations(account);
        var answer = CompletableFuture.supplyAsync(() -> asOperator().post("/v1/accounts/" + account + "/rebuild")
                .then().extract());
        var deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (send(Request.cmd(Command.HEXISTS).arg(ledger.keys().account(account)).arg("held")).toInteger() == 0) {
            assertThat(System.nanoTime()).as("the rebuild wrote the hash").isLessThan(deadline);
        }
        // writes wait longer than the Redis timeout (2s): the step being sent fails, and applies once the pause ends
        send(Request.cmd(Command.CLIENT).arg("PAUSE").arg(3000).arg("WRITE"));

        var response = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isNotNull();
        assertThat(response.<String> path("type")).endsWith("/rebuild-incomplete");
        assertThat(response.<String> path("detail")).contains("repeat the rebuild");

        asOperator().post("/v1/accounts/" + account + "/rebuild")
                .then().statusCode(200).body("holds", equalTo(HOLDS)).body("held", equalTo(0.02f));
        reconciliationAgrees(account);
    }

    private static void reconciliationAgrees(String account) {
        asOperator().get("/v1/accounts/" + account + "/reconciliation").then().statusCode(200)
                .body("agrees", equalTo(true));
    }

    /** Scripts Redis logged as slower than {@link #SLOW_MICROS}: command name and duration. */
    private List<String> slowScripts() {
        var slow = new ArrayList<String>();
        for (var entry : send(Request.cmd(Command.SLOWLOG).arg("GET").arg(1000))) {
            var command = entry.get(3).get(0).toString();
            if (command.toUpperCase().startsWith("EVAL")) {
                slow.add(command + " " + entry.get(2).toLong() + " µs");
            }
        }
        return slow;
    }

    /** {@link #HOLDS} reserve entries of 1 micro-credit each, never settled, due in a day. */
    private void insertOpenReservations(String account) {
        pg.query("SELECT tally_ensure_month(now())").execute().await().atMost(TIMEOUT);
        pg.preparedQuery("""
                INSERT INTO ledger_entries (event_id, occurred_at, account_id, type, service, amount, reservation_id,
                    pool_delta, held_delta, extra, stream_id)
                SELECT 'e-' || $1 || '-' || i, now() - interval '1 minute', $1, 'reserve', 'SMS', 1,
                       'r.' || $1 || '.h' || i, -1, 1,
                       jsonb_build_object('deadline', $2::text, 'onExpiry', 'RELEASE'), '1-' || i
                FROM generate_series(1, $3) AS i""")
                .execute(Tuple.of(account, Long.toString(System.currentTimeMillis() + Duration.ofDays(1).toMillis()),
                        HOLDS))
                .await().atMost(TIMEOUT);
    }

    private Response send(Request request) {
        return redis.send(request).await().atMost(TIMEOUT);
    }
}
