package io.tally.usage;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The daily rollups the writer keeps equal a GROUP BY over the records it wrote, whatever the events did: copies
 * (a replayed or reclaimed event), settles before their reserves, batches cut anywhere, a writer that restarts (a
 * new repository, as after a crash: nothing of the old one's memory), and a rebuild in the middle of it.
 */
@QuarkusTest
class DailyRollupTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** What the rollups must be: written here apart from the code under test, on purpose. */
    private static final String EXPECTED = """
            SELECT r.account_id, tally_local_day(r.occurred_at, a.time_zone)::text AS day,
                   coalesce(r.sub_account, '') AS sub_account, r.service, r.status,
                   coalesce(r.direction, '') AS direction, coalesce(r.product, '') AS product,
                   coalesce(r.country, '') AS country, coalesce(r.city, '') AS city,
                   coalesce(CASE r.direction WHEN 'INBOUND' THEN r.recipient ELSE r.sender END, '') AS number,
                   coalesce(r.user_id, '') AS user_id, count(*) AS records, coalesce(sum(r.units), 0) AS units,
                   coalesce(sum(r.segments), 0) AS segments, sum(r.credits) AS credits, sum(r.cost) AS cost
            FROM usage_records r JOIN accounts a ON a.id = r.account_id
            WHERE r.account_id = ANY($1)
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11""";
    /** What the daily totals must be, likewise: released records count only for credits. */
    private static final String EXPECTED_TOTALS = """
            SELECT r.account_id, tally_local_day(r.occurred_at, a.time_zone)::text AS day,
                   coalesce(r.sub_account, '') AS sub_account,
                   count(*) FILTER (WHERE r.status <> 'released') AS records,
                   coalesce(sum(r.units) FILTER (WHERE r.status <> 'released'), 0) AS units,
                   coalesce(sum(r.segments) FILTER (WHERE r.status <> 'released'), 0) AS segments,
                   coalesce(sum(r.cost) FILTER (WHERE r.status <> 'released'), 0) AS cost,
                   sum(r.credits) AS credits
            FROM usage_records r JOIN accounts a ON a.id = r.account_id
            WHERE r.account_id = ANY($1)
            GROUP BY 1, 2, 3""";
    private static final String TOTALS = """
            SELECT account_id, day::text AS day, sub_account, records, units, segments, cost, credits
            FROM usage_daily_totals
            WHERE account_id = ANY($1) AND (records, units, segments, credits, cost) <> (0, 0, 0, 0, 0)""";
    private static final String ROLLUPS = """
            SELECT account_id, day::text AS day, sub_account, service, status, direction, product, country, city,
                   number, user_id, records, units, segments, credits, cost
            FROM usage_daily
            WHERE account_id = ANY($1) AND (records, units, segments, credits, cost) <> (0, 0, 0, 0, 0)""";

    @Inject
    Pool pg;

    @Test
    void rollupsAndTotalsEqualAGroupByOverTheRecordsAfterReplaysReorderingsRestartsAndARebuild() {
        var random = new Random(20261201);
        var accounts = List.of(account("Pacific/Auckland"), account("America/Los_Angeles"), account("+05:30"));
        var events = new ArrayList<UsageRecord>();
        for (int i = 0; i < 600; i++) {
            events.addAll(use(random, accounts.get(random.nextInt(accounts.size())), i));
        }
        // replays: a tenth of the events come again, anywhere
        for (int i = 0; i < 60; i++) {
            events.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(events, random);

        var repository = new UsageRepository(pg, true);
        int at = 0;
        boolean rebuilt = false;
        while (at < events.size()) {
            int size = 1 + random.nextInt(40);
            var batch = events.subList(at, Math.min(events.size(), at + size));
            var merged = new TreeMap<String, UsageRecord>();
            batch.forEach(r -> merged.merge(r.id() + "@" + r.occurredAt(), r, UsageRecord::merge));
            repository.write(List.of(), merged.values()).await().atMost(WAIT);
            if (random.nextInt(10) == 0) {
                repository = new UsageRepository(pg, true);
            }
            if (!rebuilt && at > events.size() / 2) {
                rebuild(accounts.get(0));
                rebuilt = true;
            }
            at += size;
        }

        var expected = rows(EXPECTED, accounts);
        var expectedTotals = nonZero(rows(EXPECTED_TOTALS, accounts));
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(expectedTotals).hasSizeGreaterThan(30);
        assertThat(rows(ROLLUPS, accounts)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows(TOTALS, accounts)).containsExactlyInAnyOrderElementsOf(expectedTotals);
        // and the rebuild of an account leaves the same
        rebuild(accounts.get(1));
        assertThat(rows(ROLLUPS, accounts)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(rows(TOTALS, accounts)).containsExactlyInAnyOrderElementsOf(expectedTotals);
    }

    @Test
    void aRecordFallsOnTheDayOfItsAccountsZone() {
        var auckland = account("Pacific/Auckland");
        var angeles = account("America/Los_Angeles");
        var offset = account("-05:30");
        var at = Instant.parse("2026-03-10T20:00:00Z");
        var records = new ArrayList<UsageRecord>();
        for (var account : List.of(auckland, angeles, offset)) {
            records.add(record(account + ".r", at, account, UsageRecord.Status.COMMITTED, 1_000L, 1_000L));
        }
        new UsageRepository(pg, true).write(List.of(), records).await().atMost(WAIT);
        var days = new TreeMap<String, String>();
        for (var row : pg.preparedQuery("SELECT account_id, day::text AS day FROM usage_daily WHERE account_id = ANY($1)")
                .execute(Tuple.of(new String[] { auckland, angeles, offset })).await().atMost(WAIT)) {
            days.put(row.getString("account_id"), row.getString("day"));
        }
        // 09:00 on the 11th in Auckland (NZDT, +13), 13:00 on the 10th in Los Angeles (PDT, −7), 14:30 at −05:30
        assertThat(days).containsExactlyInAnyOrderEntriesOf(
                Map.of(auckland, "2026-03-11", angeles, "2026-03-10", offset, "2026-03-10"));
    }

    @Test
    void withRollupsOffTheWriterWritesTheRecordsAndNoRollupsWithThemOnBoth() {
        var off = account("Europe/Rome");
        var on = account("Europe/Rome");
        var at = Instant.parse("2026-03-10T20:00:00Z");
        for (var account : List.of(off, on)) {
            var repository = new UsageRepository(pg, account.equals(on));
            var reserve = new UsageRecord(account + ".r", at, account, "rome", "reservation",
                    UsageRecord.Status.RESERVED, UsageDetail.NONE, "SMS", null, 5_000L, 5_000L, "l:5000", null, null,
                    null);
            var settle = new UsageRecord(account + ".r", at, account, "rome", "reservation",
                    UsageRecord.Status.COMMITTED, UsageDetail.NONE, "SMS", null, 5_000L, 3_000L, "l:3000", null, null,
                    at.plusSeconds(5));
            repository.write(List.of(), List.of(reserve, record(account + ".m", at, account,
                    UsageRecord.Status.COMMITTED, 1_000L, 1_000L))).await().atMost(WAIT);
            repository.write(List.of(), List.of(settle)).await().atMost(WAIT);
        }
        String records = "SELECT account_id, status, credits FROM usage_records WHERE account_id = ANY($1) ORDER BY id";
        // the records are written (and settled) either way
        for (var account : List.of(off, on)) {
            assertThat(rows(records, List.of(account))).extracting(row -> row.get("status") + " " + row.get("credits"))
                    .containsExactly("committed 1000", "committed 3000");
        }
        assertThat(rows(ROLLUPS, List.of(off))).isEmpty();
        assertThat(rows(TOTALS, List.of(off))).isEmpty();
        assertThat(rows(ROLLUPS, List.of(on))).containsExactlyInAnyOrderElementsOf(rows(EXPECTED, List.of(on)));
        assertThat(rows(TOTALS, List.of(on)))
                .containsExactlyInAnyOrderElementsOf(nonZero(rows(EXPECTED_TOTALS, List.of(on))));
        assertThat(rows(TOTALS, List.of(on))).hasSize(2); // "rome" and no sub-account
        // a rebuild brings the account written with them off up to date
        rebuild(off);
        assertThat(rows(ROLLUPS, List.of(off))).containsExactlyInAnyOrderElementsOf(rows(EXPECTED, List.of(off)));
        assertThat(rows(TOTALS, List.of(off)))
                .containsExactlyInAnyOrderElementsOf(nonZero(rows(EXPECTED_TOTALS, List.of(off))));
    }

    private List<UsageRecord> use(Random random, String account, int n) {
        var id = account + ".u" + n;
        // within a few days of the spring-forward of Los Angeles (8 March) and the end of NZ daylight (5 April)
        var base = random.nextBoolean() ? Instant.parse("2026-03-06T00:00:00Z") : Instant.parse("2026-04-03T00:00:00Z");
        var at = base.plusSeconds(random.nextInt(5 * 86_400)).plusMillis(random.nextInt(1000));
        long cost = 1_000L * (1 + random.nextInt(500));
        var detail = detail(random);
        var sub = pick(random, null, "rome", "milan");
        String service = pick(random, "SMS", "VOICE", "FAX");
        if (random.nextInt(5) == 0) {
            return List.of(new UsageRecord(id, at, account, sub, "meter", UsageRecord.Status.COMMITTED, detail,
                    service, pick(random, null, "Milan"), cost, cost, "l:" + cost, 0L, false, at));
        }
        var reserve = new UsageRecord(id, at, account, sub, "reservation", UsageRecord.Status.RESERVED, detail,
                service, pick(random, null, "Rome"), cost, cost, "l:" + cost, null, null, null);
        if (random.nextInt(6) == 0) {
            return List.of(reserve); // never settled
        }
        var status = pick(random, UsageRecord.Status.COMMITTED, UsageRecord.Status.RELEASED,
                UsageRecord.Status.EXPIRED);
        long committed = status == UsageRecord.Status.RELEASED ? 0
                : random.nextBoolean() ? cost : random.nextInt((int) cost + 1);
        var settle = new UsageRecord(id, at, account, sub, "reservation", status, detail, service, reserve.city(),
                cost, committed, committed == 0 ? "" : "l:" + committed, null, null, at.plusSeconds(5));
        return List.of(reserve, settle);
    }

    private static UsageDetail detail(Random random) {
        var direction = pick(random, "OUTBOUND", "INBOUND", null);
        return new UsageDetail("k-" + random.nextInt(1_000_000), direction, pick(random, "+3902111", "ACME", null),
                pick(random, "+3934712", "+1415555", null), pick(random, "IT", "US", null),
                pick(random, 1, 2, null), "GSM-7", 10, pick(random, 1L, 60L, null), null, 1000L,
                pick(random, "otp", "alerts", null), pick(random, "u-1", "u-2", null), null, null, null, null, null,
                null, null, null);
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private static UsageRecord record(String id, Instant at, String account, UsageRecord.Status status, long cost,
            long credits) {
        return new UsageRecord(id, at, account, null, "meter", status, UsageDetail.NONE, "SMS", null, cost, credits,
                "", null, null, at);
    }

    private void rebuild(String account) {
        pg.withTransaction(c -> c.preparedQuery(DailyRollup.LOCK_ACCOUNT).execute(Tuple.of(account))
                .chain(() -> c.preparedQuery(DailyRollup.DELETE_ACCOUNT).execute(Tuple.of(account)))
                .chain(() -> c.preparedQuery(DailyRollup.REBUILD_ACCOUNT).execute(Tuple.of(account))))
                .await().atMost(WAIT);
    }

    private String account(String zone) {
        var id = "acct-" + UUID.randomUUID().toString().substring(0, 12);
        asOperator().body(Map.of("id", id, "name", "Account " + id, "timeZone", zone)).post("/v1/accounts").then()
                .statusCode(201);
        return id;
    }

    /** Rows whose measures are not all zero (a day of released records only still charges credits, or not). */
    private static List<Map<String, Object>> nonZero(List<Map<String, Object>> rows) {
        return rows.stream().filter(row -> List.of("records", "units", "segments", "cost", "credits").stream()
                .anyMatch(measure -> ((Long) row.get(measure)) != 0L)).toList();
    }

    private List<Map<String, Object>> rows(String sql, List<String> accounts) {
        var rows = new ArrayList<Map<String, Object>>();
        for (Row row : pg.preparedQuery(sql).execute(Tuple.of(accounts.toArray(String[]::new))).await()
                .atMost(WAIT)) {
            var map = new TreeMap<String, Object>();
            for (int i = 0; i < row.size(); i++) {
                var value = row.getValue(i);
                map.put(row.getColumnName(i), value instanceof Number number ? (Object) number.longValue() : value);
            }
            rows.add(map);
        }
        return rows;
    }
}
