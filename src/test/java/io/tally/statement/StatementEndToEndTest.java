package io.tally.statement;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tally.Api;
import io.tally.Eventually;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Statements summed from the ledger entries the usage writer stored (and, for past months, entries written straight
 * into PostgreSQL), in the account's time zone, as JSON, page and file, scoped like the rest of the account.
 */
@QuarkusTest
class StatementEndToEndTest {
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Inject
    Pool database;

    @Test
    void aMonthsStatementSumsItsEntriesInTheAccountsTimeZone() {
        var account = Api.newAccount();
        // Rome is UTC+1 in October's last hours and in November
        entry(account, "e1", "2026-10-31T22:30:00Z", "grant", null, 1_000_000, 0, 0, "UNIVERSAL");
        entry(account, "e2", "2026-10-31T23:30:00Z", "grant", null, 5_000_000, 0, 0, "PACKAGE");
        entry(account, "e3", "2026-11-15T10:00:00Z", "reserve", "SMS", -500_000, 500_000, 0, null);
        entry(account, "e4", "2026-11-15T10:00:01Z", "commit", "SMS", 0, -500_000, 500_000, null);
        entry(account, "e5", "2026-11-30T22:59:59Z", "meter", "VOICE", -200_000, 0, 200_000, null);

        var november = asOperator().get("/v1/accounts/" + account + "/statements/2026-11").then().statusCode(200)
                .extract().jsonPath();
        assertThat(november.getString("from")).isEqualTo("2026-11-01");
        assertThat(november.getString("timeZone")).isEqualTo("Europe/Rome");
        assertThat(november.getDouble("opening")).isEqualTo(1.0);
        assertThat(lines(november, "credits")).containsExactly("package 5");
        assertThat(lines(november, "usage")).containsExactly("sms 0.5",
                "voice 0.2");
        assertThat(november.getDouble("closing")).isEqualTo(5.3);

        var october = asOperator().get("/v1/accounts/" + account + "/statements/2026-10").then().statusCode(200)
                .extract().jsonPath();
        assertThat(october.getDouble("opening")).isZero();
        assertThat(october.getDouble("closing")).isEqualTo(1.0);

        // this month: what the API did, through the usage writer, on top of November's closing balance
        pricedAccount(account);
        String reservation = asOperator().body(Map.of("idempotencyKey", "m-1", "account", account, "service", "sms",
                "to", "+393471234567", "text", "hello")).post("/v1/reservations").then().statusCode(201).extract()
                .path("reservationId");
        asOperator().post("/v1/reservations/" + reservation + "/commit").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "in-1", "account", account, "service", "sms",
                "direction", "inbound", "from", "+390212345678", "text", "ciao")).post("/v1/usage")
                .then().statusCode(201);
        var thisMonth = "/v1/accounts/" + account + "/statements/" + YearMonth.now(ROME);
        Eventually.await("this month's closing balance", () -> asOperator().get(thisMonth).then().statusCode(200)
                .extract().jsonPath().getDouble("closing") == 15.245, Duration.ofSeconds(20));
        var current = asOperator().get(thisMonth).then().extract().jsonPath();
        assertThat(current.getDouble("opening")).isEqualTo(5.3);
        assertThat(lines(current, "usage")).containsExactly("sms 0.055");
        assertThat(current.getDouble("credits.total")).isEqualTo(10.0);
    }

    @Test
    void thePageEscapesWhatTheCustomerTypedAndTheFileIsAnAttachment() {
        var account = "acct-hostile-" + System.nanoTime();
        var name = "<script>alert(1)</script>\"' onload=x&";
        asOperator().body(Map.of("id", account, "name", name, "timeZone", "Europe/Rome")).post("/v1/accounts")
                .then().statusCode(201);
        entry(account, "e1", "2026-11-02T10:00:00Z", "grant", null, 2_500_000, 0, 0, "PACKAGE");
        // Rome is UTC+1: the first payment is on October 31st there, the second on November 1st
        payment(account, "pay-oct", null, "2026-10-31T22:30:00Z", "succeeded");
        payment(account, "pay-nov", null, "2026-10-31T23:30:00Z", "succeeded");
        payment(account, "pay-failed", null, "2026-11-02T09:00:00Z", "failed");

        var json = asOperator().get("/v1/accounts/" + account + "/statements/2026-11").then().statusCode(200)
                .extract().jsonPath();
        assertThat(payments(json, account)).containsExactly("pay-nov", "pay-failed");
        assertThat(json.getList("payments.status")).containsExactly("succeeded", "failed");
        assertThat(json.getLong("payments[0].amount")).isEqualTo(1250);
        assertThat(json.getDouble("payments[0].credits")).isEqualTo(2.5);

        var page = asOperator().get("/v1/accounts/" + account + "/statements/2026-11/html").then().statusCode(200)
                .contentType("text/html").header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .extract().asString();
        assertThat(page).doesNotContain("<script>", "\" onload").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("2.5").contains("pay-nov-" + account, "12.50 EUR").doesNotContain("pay-oct");

        var file = asOperator().get("/v1/accounts/" + account + "/statements/2026-11/csv").then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"statement-" + account + "-2026-11.csv\"")
                .extract().asString();
        var rows = csv(file);
        assertThat(rows).contains(List.of("section", "label", "credits"), List.of("opening", "", "0"),
                List.of("credits in", "package", "2.5"), List.of("closing", "", "2.5"),
                List.of("payment", "2026-10-31T23:30:00Z purchase pay-nov-" + account + " succeeded 12.50 EUR", "2.5"));
    }

    @Test
    void subAccountsAreScopedAndBadInputIsRefusedNamingTheField() {
        var account = Api.newAccount();
        asOperator().body(Map.of("id", "rome", "name", "Rome")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        asOperator().body(Map.of("id", "milan", "name", "Milan")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        entry(account, "a1", "2026-11-03T10:00:00Z", "allocate", null, 0, 0, 0, null);
        // an expiry that took 0.1 from rome's allocation and 0.2 from milan's (it names them in alloc_subs)
        database.preparedQuery("""
                INSERT INTO ledger_entries (event_id, occurred_at, account_id, type, amount, lot_ids, lot_deltas,
                    alloc_subs, alloc_deltas, stream_id)
                VALUES ($1, '2026-11-20T10:00:00Z', $2, 'expire-credits', 300000, '{lot-1}', '{-300000}',
                    '{rome,milan}', '{-100000,-200000}', '1-0')""")
                .execute(Tuple.of("x1-" + account, account)).await().indefinitely();
        var office = Api.accountKey(account, "office-admin", List.of("rome"));
        var base = "/v1/accounts/" + account + "/statements/2026-11";
        payment(account, "pay-rome", "rome", "2026-11-04T10:00:00Z", "succeeded");
        payment(account, "pay-milan", "milan", "2026-11-04T10:00:00Z", "succeeded");
        assertThat(payments(asOperator().get(base).then().statusCode(200).extract().jsonPath(), account))
                .containsExactly("pay-milan", "pay-rome");

        as(office).get(base).then().statusCode(403).contentType("application/problem+json");
        as(office).queryParam("subAccount", "milan").get(base).then().statusCode(403);
        var rome = as(office).queryParam("subAccount", "rome").get(base).then().statusCode(200).extract().jsonPath();
        assertThat(rome.getString("subAccount")).isEqualTo("rome");
        assertThat(rome.getDouble("closing")).isEqualTo(0.2);
        assertThat(lines(rome, "credits")).containsExactly("allocated 0.3");
        assertThat(lines(rome, "expired")).containsExactly("expired 0.1");
        assertThat(payments(rome, account)).containsExactly("pay-rome");
        asOperator().queryParam("subAccount", "nowhere").get(base).then().statusCode(404);
        asOperator().get("/v1/accounts/acct-nobody-here/statements/2026-11").then().statusCode(404);

        for (var period : List.of("2026-13", "2026-W54", "26-11", "9999-01")) {
            asOperator().get("/v1/accounts/" + account + "/statements/" + period).then().statusCode(400)
                    .contentType("application/problem+json");
        }
        asOperator().queryParam("month", "2026-11").get(base).then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("month"));
        asOperator().queryParam("subAccount", "Not An Id!").get(base).then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("subAccount"));
    }

    /** The ids of a statement's payments, without the account suffix {@link #payment} gives them. */
    private static List<String> payments(JsonPath statement, String account) {
        return statement.<String> getList("payments.id").stream().map(id -> id.replace("-" + account, "")).toList();
    }

    /** A section's lines as {@code "label credits"}. */
    private static List<String> lines(JsonPath statement, String section) {
        return statement.<Map<String, Object>> getList(section + ".lines").stream()
                .map(line -> line.get("label") + " "
                        + new BigDecimal(line.get("credits").toString()).stripTrailingZeros().toPlainString())
                .toList();
    }

    private static List<List<String>> csv(String text) {
        try (var parser = CSVFormat.RFC4180.parse(new StringReader(text))) {
            return parser.getRecords().stream().map(r -> r.toList()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * One ledger entry as the usage writer would store it: {@code lots} and {@code held} moved, {@code spent}; a
     * grant names its lot kind; an allocate moves 0.3 credits from the pool to sub-account rome.
     */
    private void entry(String account, String id, String at, String type, String service, long lots, long held,
            long spent, String kind) {
        var time = OffsetDateTime.parse(at);
        database.preparedQuery("SELECT tally_ensure_month($1)").execute(Tuple.of(time)).await().indefinitely();
        boolean allocate = type.equals("allocate");
        var extra = kind == null ? "{}" : "{\"meta\": \"" + kind + "||||||0||\"}";
        database.preparedQuery("""
                INSERT INTO ledger_entries (event_id, occurred_at, account_id, sub_account, type, service, amount,
                    lot_ids, lot_deltas, held_delta, spent_delta, alloc_delta, pool_delta, extra, stream_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, '1-0')""")
                .execute(Tuple.tuple().addString(id + "-" + account).addOffsetDateTime(time).addString(account)
                        .addString(allocate ? "rome" : null).addString(type).addString(service)
                        .addLong(Math.abs(lots + held + spent)).addArrayOfString(new String[] { "lot-1" })
                        .addArrayOfLong(new Long[] { lots }).addLong(held).addLong(spent)
                        .addLong(allocate ? 300_000L : 0L).addLong(allocate ? -300_000L : 0L)
                        .addValue(new io.vertx.core.json.JsonObject(extra)))
                .await().indefinitely();
    }

    /** A purchase of 2.5 credits for 12.50 EUR, made at {@code at}, as the payments table keeps it. */
    private void payment(String account, String id, String subAccount, String at, String status) {
        database.preparedQuery("""
                INSERT INTO payments (id, account_id, sub_account, kind, credits_micro, amount_minor, currency,
                    payment_method, provider, status, created_at, updated_at)
                VALUES ($1, $2, $3, 'purchase', 2500000, 1250, 'EUR', 'card-1', 'invoice', $4, $5, $5)""")
                .execute(Tuple.of(id + "-" + account, account, subAccount, status, OffsetDateTime.parse(at)))
                .await().indefinitely();
    }

    /** SMS rates (outbound 0.045, inbound 0.01) and a package of 10 credits. */
    private static void pricedAccount(String account) {
        asOperator().body(Map.of("rates", List.of(
                Map.of("service", "SMS", "direction", "outbound", "country", "*", "rate", "0.045"),
                Map.of("service", "SMS", "direction", "inbound", "country", "*", "rate", "0.01"))))
                .put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", "10"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
    }
}
