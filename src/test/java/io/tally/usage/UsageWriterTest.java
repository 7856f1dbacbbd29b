package io.tally.usage;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.ledger.LedgerKeys;
import io.tally.ledger.Partitions;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The writer running in the app: what the HTTP API does ends up in PostgreSQL, once, and is acknowledged. */
@QuarkusTest
class UsageWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pg;

    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void everyMovementBecomesOneLedgerEntryAndEveryUseOneUsageRecord() {
        var account = pricedAccount();
        asOperator().body(Map.of("id", "milan", "name", "Milan office", "mode", "allocated", "fallbackToPool", true))
                .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201);
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", "10", "note", "welcome"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        asOperator().body(Map.of("idempotencyKey", "a-1", "subAccount", "milan", "amount", "3"))
                .post("/v1/accounts/" + account + "/allocations").then().statusCode(201);
        String committed = reserve(account, "m-1", Map.of("subAccount", "milan", "product", "alerts",
                "user", "u-7", "title", "Black Friday teaser", "metadata", Map.of("campaign", "black-friday")));
        asOperator().body(Map.of("amount", "1")).post("/v1/reservations/" + committed + "/commit")
                .then().statusCode(200);
        String released = reserve(account, "m-2", Map.of());
        asOperator().post("/v1/reservations/" + released + "/release").then().statusCode(200);
        String open = reserve(account, "m-3", Map.of());
        asOperator().body(Map.of("idempotencyKey", "in-1", "account", account, "service", "sms",
                "direction", "inbound", "from", "+390212345678", "text", "ciao"))
                .post("/v1/usage").then().statusCode(201);

        var entries = await(() -> rows("SELECT type, amount, sub_account, pool_delta, alloc_delta FROM ledger_entries"
                + " WHERE account_id = $1 ORDER BY stream_id", account), 8);
        assertThat(entries).extracting(row -> row.getString("type"))
                .containsExactly("grant", "allocate", "reserve", "commit", "reserve", "release", "reserve", "meter");
        assertThat(entries.get(2).getString("sub_account")).isEqualTo("milan");
        assertThat(entries.get(2).getLong("alloc_delta")).isEqualTo(-2_000_000L);

        var records = await(() -> rows("SELECT * FROM usage_records WHERE account_id = $1 ORDER BY occurred_at, id",
                account), 4);
        var byId = new java.util.HashMap<String, Row>();
        records.forEach(row -> byId.put(row.getString("id"), row));
        var first = byId.get(committed);
        assertThat(first.getString("status")).isEqualTo("committed");
        assertThat(first.getLong("cost")).isEqualTo(2_000_000L);
        assertThat(first.getLong("credits")).isEqualTo(1_000_000L);
        assertThat(first.getString("sub_account")).isEqualTo("milan");
        assertThat(first.getString("product")).isEqualTo("alerts");
        assertThat(first.getString("user_id")).isEqualTo("u-7");
        assertThat(first.getString("title")).isEqualTo("Black Friday teaser");
        assertThat(first.getString("recipient")).isEqualTo("+393471234567");
        assertThat(first.getString("country")).isEqualTo("IT");
        assertThat(first.getInteger("segments")).isEqualTo(2);
        assertThat(first.getString("encoding")).isEqualTo("GSM-7");
        assertThat(first.getString("idempotency_key")).isEqualTo("m-1");
        assertThat(first.getJsonObject("metadata").getString("campaign")).isEqualTo("black-friday");
        assertThat(first.getOffsetDateTime("settled_at")).isNotNull();
        assertThat(byId.get(released).getString("status")).isEqualTo("released");
        assertThat(byId.get(released).getLong("credits")).isZero();
        assertThat(byId.get(open).getString("status")).isEqualTo("reserved");
        var inbound = records.stream().filter(row -> "meter".equals(row.getString("kind"))).findFirst().orElseThrow();
        assertThat(inbound.getString("direction")).isEqualTo("INBOUND");
        assertThat(inbound.getString("city")).isEqualTo("Milan");
        assertThat(inbound.getString("status")).isEqualTo("committed");

        var partition = Partitions.of(account, partitions);
        await(() -> redis.send(Request.cmd(Command.XPENDING).arg(LedgerKeys.events(partition)).arg("usage-writer"))
                .map(reply -> reply.get(0).toLong() == 0 ? List.of(reply) : List.<Object> of())
                .await().atMost(WAIT), 1);
    }

    @Test
    void theSummedEntriesAreTheBalanceInRedis() {
        var account = pricedAccount();
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", "5"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        for (int i = 0; i < 4; i++) {
            reserve(account, "h-" + i, Map.of());
        }
        asOperator().body(Map.of("idempotencyKey", "in-1", "account", account, "service", "sms",
                "direction", "inbound", "from", "+393471234567", "text", "x".repeat(400))).post("/v1/usage")
                .then().statusCode(201);
        var sums = await(() -> rows("SELECT count(*) AS n, sum(held_delta) AS held, sum(spent_delta) AS spent,"
                + " sum(debt_delta) AS debt, sum(pool_delta) AS pool, sum(granted_delta) AS granted"
                + " FROM ledger_entries WHERE account_id = $1 HAVING count(*) = 6", account), 1).get(0);
        var balance = asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200).extract()
                .jsonPath();
        assertThat(sums.getLong("held")).isEqualTo(micros(balance.getString("held"))).isEqualTo(4_000_000L);
        assertThat(sums.getLong("spent")).isEqualTo(micros(balance.getString("spent")));
        assertThat(sums.getLong("granted")).isEqualTo(micros(balance.getString("granted")));
        assertThat(sums.getLong("debt")).isEqualTo(micros(balance.getString("debt"))).isPositive();
    }

    /**
     * What a Redis restarted empty does to the writer: the partition streams and the group on them are gone. The
     * writer creates its group again and goes on, and the backlog is measured again at once.
     */
    @Test
    void afterRedisLostTheStreamsTheWriterCreatesItsGroupsAgainAndGoesOn() {
        var account = pricedAccount();
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", "5"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        await(() -> rows("SELECT event_id FROM ledger_entries WHERE account_id = $1", account), 1);

        for (int p = 0; p < partitions; p++) {
            redis.send(Request.cmd(Command.DEL).arg(LedgerKeys.events(p))).await().atMost(WAIT);
        }
        var lost = Instant.now();
        reserve(account, "after-loss", Map.of());

        await(() -> rows("SELECT type FROM ledger_entries WHERE account_id = $1 AND type = 'reserve'", account), 1);
        await(() -> {
            var writer = asOperator().get("/q/health/ready").then().extract().jsonPath()
                    .<String> getList("checks.findAll { it.name == 'usage-writer' }.data.measuredAt").get(0);
            return Instant.parse(writer).isAfter(lost) ? List.of(writer) : List.<String> of();
        }, 1);
    }

    private static long micros(String credits) {
        return ((io.tally.pricing.Credits.Parsed.Valid) io.tally.pricing.Credits.parseSigned(credits)).micros();
    }

    private static String pricedAccount() {
        var account = Api.newAccount();
        var rates = List.of("outbound", "inbound").stream()
                .map(direction -> Map.of("service", "SMS", "direction", direction, "country", "*", "rate", "1"))
                .toList();
        asOperator().body(Map.of("rates", rates)).put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        return account;
    }

    private static String reserve(String account, String key, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(Map.of("idempotencyKey", key, "account", account,
                "service", "sms", "to", "+393471234567", "text", "a".repeat(key.equals("m-1") ? 161 : 10)));
        body.putAll(extra);
        return asOperator().body(body).post("/v1/reservations").then().statusCode(201).extract()
                .path("reservationId");
    }

    private List<Row> rows(String sql, String account) {
        var rows = new ArrayList<Row>();
        pg.preparedQuery(sql).execute(Tuple.of(account)).await().atMost(WAIT).forEach(rows::add);
        return rows;
    }

    /** Polls until {@code query} answers {@code count} rows (the writer works asynchronously). */
    private static <T> List<T> await(Supplier<List<T>> query, int count) {
        var deadline = Instant.now().plus(WAIT);
        List<T> rows = query.get();
        while (rows.size() < count && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            rows = query.get();
        }
        assertThat(rows).as("rows after %s", WAIT).hasSize(count);
        return rows;
    }
}
