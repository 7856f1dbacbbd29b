package io.tally.report;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tally.Api;
import io.tally.usage.UsageDetail;
import io.tally.usage.UsageRecord;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The reports over the daily rollups: days of the account's zone (a DST change inside a month, two zones seeing the
 * same records on different days), empty buckets present, breakdowns with shares, running totals, and an office
 * admin's scope. Records are written straight into PostgreSQL and the rollups rebuilt through the API.
 */
@QuarkusTest
class ReportsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool pg;

    @Test
    void aDstChangeInsideAMonthKeepsEveryRecordOnItsLocalDay() {
        var account = account("America/Los_Angeles");
        insert(record(account, "a", "2026-03-08T08:30:00Z", "SMS", null, null, 1_000_000), // 00:30 PST, 8 March
                record(account, "b", "2026-03-09T06:30:00Z", "SMS", null, null, 2_000_000), // 23:30 PDT, 8 March
                record(account, "c", "2026-03-09T07:30:00Z", "VOICE", null, null, 4_000_000), // 00:30 PDT, 9 March
                record(account, "d", "2026-03-01T07:59:00Z", "SMS", null, null, 8_000_000)); // 23:59 PST, 28 Feb
        rebuild(account);

        var series = report(account, "usage", "month=2026-03");
        assertThat(series.getString("timeZone")).isEqualTo("America/Los_Angeles");
        assertThat(series.getList("lines")).hasSize(1);
        assertThat(series.getList("lines[0].points")).hasSize(31);
        assertThat(series.getString("lines[0].points[7].start")).isEqualTo("2026-03-08");
        assertThat(series.getInt("lines[0].points[7].count")).isEqualTo(2);
        assertThat(series.getDouble("lines[0].points[7].credits")).isEqualTo(3.0);
        assertThat(series.getInt("lines[0].points[8].count")).isEqualTo(1);
        assertThat(series.getInt("lines[0].points[0].count")).isZero();
        assertThat(series.getDouble("total.credits")).isEqualTo(7.0);
        assertThat(report(account, "usage", "month=2026-02").getDouble("total.credits")).isEqualTo(8.0);
    }

    @Test
    void aucklandAndLosAngelesSeeTheSameRecordsOnDifferentDays() {
        var auckland = account("Pacific/Auckland");
        var angeles = account("America/Los_Angeles");
        for (var account : List.of(auckland, angeles)) {
            insert(record(account, "x", "2026-03-10T20:00:00Z", "SMS", null, null, 1_000_000));
            rebuild(account);
        }
        assertThat(days(auckland)).containsExactly("2026-03-11");
        assertThat(days(angeles)).containsExactly("2026-03-10");
    }

    @Test
    void groupedLinesHaveEveryBucketAndWeeksStartOnMonday() {
        var account = account("Europe/Rome");
        insert(record(account, "a", "2026-03-03T10:00:00Z", "SMS", "rome", "otp", 1_000_000),
                record(account, "b", "2026-03-20T10:00:00Z", "VOICE", "milan", "alerts", 3_000_000),
                record(account, "c", "2026-03-21T10:00:00Z", "SMS", "milan", "otp", 1_000_000));
        rebuild(account);

        var series = report(account, "usage", "from=2026-03-01&to=2026-04-01&interval=week&groupBy=service");
        assertThat(series.<String> getList("lines.key")).containsExactly("voice", "sms");
        // 23 February (the Monday of 1 March's week) to 30 March: six weeks on every line
        assertThat(series.<String> getList("lines[1].points.start")).containsExactly("2026-02-23", "2026-03-02",
                "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30");
        assertThat(series.<Integer> getList("lines[1].points.count")).containsExactly(0, 1, 0, 1, 0, 0);
        assertThat(series.<Integer> getList("lines[0].points.count")).containsExactly(0, 0, 0, 1, 0, 0);

        var months = report(account, "usage", "from=2026-01-15&to=2026-04-01&interval=month");
        assertThat(months.<String> getList("lines[0].points.start")).containsExactly("2026-01-01", "2026-02-01",
                "2026-03-01");
        assertThat(months.<Integer> getList("lines[0].points.count")).containsExactly(0, 0, 3);
    }

    @Test
    void aBreakdownGivesEachKeyItsShareAndAnOfficeAdminSeesOnlyItsSubAccounts() {
        var account = account("Europe/Rome");
        asOperator().body(Map.of("id", "milan", "name", "Milan")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        insert(record(account, "a", "2026-03-03T10:00:00Z", "SMS", "rome", "otp", 1_000_000),
                record(account, "b", "2026-03-20T10:00:00Z", "VOICE", "milan", "alerts", 3_000_000),
                record(account, "c", "2026-03-21T10:00:00Z", "SMS", "milan", "otp", 1_000_000),
                record(account, "d", "2026-03-22T10:00:00Z", "SMS", null, null, 5_000_000));
        rebuild(account);

        var products = report(account, "breakdown", "month=2026-03&by=product");
        assertThat(products.<String> getList("items.key")).containsExactly(null, "alerts", "otp");
        assertThat(products.<Float> getList("items.share")).containsExactly(0.5f, 0.3f, 0.2f);
        assertThat(products.getDouble("total.credits")).isEqualTo(10.0);

        var subs = report(account, "breakdown", "month=2026-03&by=subAccount");
        assertThat(subs.<String> getList("items.key")).containsExactly(null, "milan", "rome");

        var office = Api.accountKey(account, "office-admin", List.of("milan"));
        var scoped = as(office).queryParam("month", "2026-03").queryParam("by", "subAccount")
                .get("/v1/accounts/" + account + "/reports/breakdown").then().statusCode(200).extract().jsonPath();
        assertThat(scoped.<String> getList("items.key")).containsExactly("milan");
        assertThat(scoped.getDouble("total.credits")).isEqualTo(4.0);
        var series = as(office).queryParam("month", "2026-03").get("/v1/accounts/" + account + "/reports/usage")
                .then().statusCode(200).extract().jsonPath();
        assertThat(series.getDouble("total.credits")).isEqualTo(4.0);
        as(office).queryParam("subAccount", "rome").get("/v1/accounts/" + account + "/reports/usage").then()
                .statusCode(403);
    }

    @Test
    void aBreakdownExportsAsCsvAndXlsxWithTheSameRowsAsItsJson() throws java.io.IOException {
        var account = account("Europe/Rome");
        insert(record(account, "a", "2026-03-03T10:00:00Z", "SMS", null, "=cmd|' /C calc'!A0", 1_000_000),
                record(account, "b", "2026-03-20T10:00:00Z", "VOICE", null, "alerts", 3_000_000),
                record(account, "c", "2026-03-21T10:00:00Z", "SMS", null, "alerts", 1_000_000));
        rebuild(account);

        var response = asOperator().queryParam("month", "2026-03").queryParam("by", "product")
                .queryParam("format", "csv").get("/v1/accounts/" + account + "/reports/breakdown/export")
                .then().statusCode(200).contentType("text/csv").extract();
        assertThat(response.header("Content-Disposition")).matches(
                "attachment; filename=\"usage-breakdown-product-\\d{4}-\\d{2}-\\d{2}\\.csv\"");
        assertThat(response.asString().lines().toList()).containsExactly(
                "product,count,units,segments,credits,cost,share",
                "alerts,2,2,2,4,4,0.8000",
                "'=cmd|' /C calc'!A0,1,1,1,1,1,0.2000");

        var bytes = asOperator().queryParam("month", "2026-03").queryParam("by", "product")
                .queryParam("format", "xlsx").get("/v1/accounts/" + account + "/reports/breakdown/export")
                .then().statusCode(200).extract().asByteArray();
        try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(bytes))) {
            var rows = workbook.getFirstSheet().read();
            assertThat(rows).hasSize(3);
            assertThat(rows.get(1).getCell(0).asString()).isEqualTo("alerts");
            assertThat(rows.get(1).getCell(4).asNumber()).isEqualByComparingTo("4");
            assertThat(rows.get(2).getCell(6).asNumber()).isEqualByComparingTo("0.2");
        }

        asOperator().queryParam("by", "product").queryParam("format", "pdf")
                .get("/v1/accounts/" + account + "/reports/breakdown/export").then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo("format"));
        asOperator().queryParam("format", "csv").get("/v1/accounts/" + account + "/reports/breakdown/export").then()
                .statusCode(400).body("field", org.hamcrest.Matchers.equalTo("by"));
    }

    @Test
    void aCreditCategoryGroupsItsServicesInReportsAndExports() {
        var account = account("Europe/Rome");
        insert(record(account, "a", "2026-03-03T10:00:00Z", "SMS", null, null, 1_000_000),
                record(account, "b", "2026-03-04T10:00:00Z", "MMS", null, null, 2_000_000),
                record(account, "c", "2026-03-05T10:00:00Z", "VOICE", null, null, 4_000_000));
        rebuild(account);

        var categories = report(account, "breakdown", "month=2026-03&by=category");
        assertThat(categories.<String> getList("items.key")).containsExactly("calling", "messaging");
        assertThat(categories.<Integer> getList("items.credits")).containsExactly(4, 3);
        assertThat(report(account, "usage", "month=2026-03&category=messaging").getDouble("total.credits"))
                .isEqualTo(3.0);

        var file = asOperator().queryParam("category", "messaging")
                .get("/v1/accounts/" + account + "/usage/export").then().statusCode(200).extract();
        assertThat(file.header("Content-Disposition"))
                .matches("attachment; filename=\"usage-history-messaging-\\d{4}-\\d{2}-\\d{2}\\.csv\"");
        var lines = file.asString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains(",mms,");
        assertThat(lines.get(2)).contains(",sms,");
        asOperator().body(Map.of("id", "milan", "name", "Milan")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        insert(record(account, "d", "2026-03-06T10:00:00Z", "SMS", "milan", null, 8_000_000),
                record(account, "e", "2026-03-07T10:00:00Z", "VOICE", "milan", null, 16_000_000));
        var office = Api.accountKey(account, "office-admin", List.of("milan"));
        var scoped = as(office).queryParam("category", "messaging").get("/v1/accounts/" + account + "/usage/export")
                .then().statusCode(200).extract().asString().lines().toList();
        assertThat(scoped).hasSize(2);
        assertThat(scoped.get(1)).contains(",milan,").contains(",sms,");
        asOperator().queryParam("category", "postal").get("/v1/accounts/" + account + "/usage/export").then()
                .statusCode(400).contentType("application/problem+json")
                .body("field", org.hamcrest.Matchers.equalTo("category"));
    }

    @Test
    void aSeriesReadFromTheDailyTotalsEqualsTheSumOfItsGroupedLines() {
        var account = account("Europe/Rome");
        var released = new UsageRecord(account + ".rel", Instant.parse("2026-03-04T10:00:00Z"), account, "rome",
                "reservation", UsageRecord.Status.RELEASED, record(account, "x", "2026-03-04T10:00:00Z", "SMS", null,
                        null, 1).detail(),
                "SMS", null, 9_000_000, 0, "", null, null, Instant.parse("2026-03-04T10:01:00Z"));
        insert(record(account, "a", "2026-03-03T10:00:00Z", "SMS", "rome", "otp", 1_000_000),
                record(account, "b", "2026-03-03T11:00:00Z", "VOICE", "milan", "alerts", 3_000_000),
                record(account, "c", "2026-03-04T10:00:00Z", "SMS", null, "otp", 2_000_000), released);
        rebuild(account);

        // no groupBy and no filter: the totals; grouped by service: the rollups
        var plain = report(account, "usage", "from=2026-03-01&to=2026-03-08");
        var grouped = report(account, "usage", "from=2026-03-01&to=2026-03-08&groupBy=service");
        for (var measure : List.of("count", "units", "segments", "credits", "cost")) {
            for (int day = 0; day < 7; day++) {
                double sum = 0;
                for (int line = 0; line < grouped.getList("lines").size(); line++) {
                    sum += grouped.getDouble("lines[" + line + "].points[" + day + "]." + measure);
                }
                assertThat(plain.getDouble("lines[0].points[" + day + "]." + measure)).as(measure + " on day " + day)
                        .isEqualTo(sum);
            }
        }
        // the released record counts for nothing but its credits (none)
        assertThat(plain.getInt("lines[0].points[3].count")).isEqualTo(1);
        assertThat(plain.getDouble("lines[0].points[3].cost")).isEqualTo(2.0);
        // a sub-account filter reads the totals too, and a product filter the rollups
        assertThat(report(account, "usage", "from=2026-03-01&to=2026-03-08&subAccount=rome")
                .getDouble("total.credits")).isEqualTo(1.0);
        assertThat(report(account, "usage", "from=2026-03-01&to=2026-03-08&product=otp")
                .getDouble("total.credits")).isEqualTo(3.0);
    }

    @Test
    void theCumulativeSeriesRunsFromTheStartOfThePeriodToTodayWithARunningTotal() {
        var zone = ZoneId.of("Pacific/Auckland");
        var account = account(zone.getId());
        var now = Instant.now();
        var today = LocalDate.ofInstant(now, zone);
        var firstOfYear = today.withDayOfYear(1).atTime(12, 0).atZone(zone).toInstant();
        insert(record(account, "now", now.minusSeconds(1).toString(), "SMS", null, null, 2_000_000),
                record(account, "jan", firstOfYear.toString(), "SMS", null, null, 5_000_000),
                record(account, "old", firstOfYear.minus(Duration.ofDays(400)).toString(), "SMS", null, null, 1));
        rebuild(account);

        var month = report(account, "cumulative", "");
        assertThat(month.getString("period")).isEqualTo("month");
        assertThat(month.getString("from")).isEqualTo(today.withDayOfMonth(1).toString());
        assertThat(month.getList("days")).hasSize(today.getDayOfMonth());
        assertThat(month.getDouble("total.credits")).isEqualTo(today.getMonthValue() == 1 ? 7.0 : 2.0);

        var year = report(account, "cumulative", "period=year");
        assertThat(year.getString("from")).isEqualTo(today.withDayOfYear(1).toString());
        assertThat(year.getList("days")).hasSize(today.getDayOfYear());
        assertThat(year.getDouble("days[0].cumulative")).isEqualTo(5.0);
        assertThat(year.getDouble("days[-1].cumulative")).isEqualTo(7.0);
        assertThat(year.getDouble("total.credits")).isEqualTo(7.0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "usage?groupBy=colour                  | groupBy",
            "usage?interval=hour                   | interval",
            "usage?from=2026-03-10&to=2026-03-01   | to",
            "usage?from=2020-01-01&to=2026-01-01   | to",
            "usage?month=2026-03&from=2026-03-01   | month",
            "usage?from=2026-03-01T00:00:00Z       | from",
            "usage?colour=red                      | colour",
            "breakdown?month=2026-03               | by",
            "cumulative?period=decade              | period",
            "cumulative?month=2026-03              | month" })
    void badInputIsRefusedNamingTheParameter(String query, String field) {
        var account = account("UTC");
        asOperator().get("/v1/accounts/" + account + "/reports/" + query).then().statusCode(400)
                .body("field", org.hamcrest.Matchers.equalTo(field));
    }

    @Test
    void anUnknownAccountIsNotFound() {
        asOperator().get("/v1/accounts/no-such-account/reports/usage").then().statusCode(404);
    }

    private List<String> days(String account) {
        var series = report(account, "usage", "from=2026-03-09&to=2026-03-13");
        var days = new ArrayList<String>();
        var starts = series.<String> getList("lines[0].points.start");
        var counts = series.<Integer> getList("lines[0].points.count");
        for (int i = 0; i < starts.size(); i++) {
            if (counts.get(i) > 0) {
                days.add(starts.get(i));
            }
        }
        return days;
    }

    private static JsonPath report(String account, String report, String query) {
        return asOperator().get("/v1/accounts/" + account + "/reports/" + report + (query.isEmpty() ? "" : "?" + query))
                .then().statusCode(200).extract().jsonPath();
    }

    private static void rebuild(String account) {
        asOperator().post("/v1/accounts/" + account + "/reports/rebuild").then().statusCode(200);
    }

    private static String account(String zone) {
        var id = "acct-" + UUID.randomUUID().toString().substring(0, 12);
        asOperator().body(Map.of("id", id, "name", "Account " + id, "timeZone", zone)).post("/v1/accounts").then()
                .statusCode(201);
        return id;
    }

    private static UsageRecord record(String account, String id, String at, String service, String sub,
            String product, long credits) {
        var detail = new UsageDetail(null, "OUTBOUND", "+390200000", "+393471234567", "IT", 1, "GSM-7", 10, 1L,
                null, null, product, null, null, null, null, null, null, null, null, null);
        var instant = Instant.parse(at);
        return new UsageRecord(account + "." + id, instant, account, sub, "meter", UsageRecord.Status.COMMITTED,
                detail, service, null, credits, credits, "", null, null, instant);
    }

    private void insert(UsageRecord... records) {
        for (var record : records) {
            pg.preparedQuery("SELECT tally_ensure_month($1)")
                    .execute(Tuple.of(record.occurredAt().atOffset(ZoneOffset.UTC))).await().atMost(WAIT);
        }
        pg.preparedQuery(UsageRecord.COLUMNS.insert("usage_records"))
                .execute(Tuple.tuple(UsageRecord.COLUMNS.arrays(List.of(records)))).await().atMost(WAIT);
    }
}
