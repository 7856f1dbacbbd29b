package io.tally.history;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static io.tally.history.HistoryRows.entry;
import static io.tally.history.HistoryRows.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.tally.Api;
import io.vertx.mutiny.sqlclient.Pool;

/** The exports over HTTP: every matching row across pages, the file's name and type, its scope, bad parameters. */
@QuarkusTest
class HistoryExportTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool database;

    private static String account(String zone) {
        var id = "acct-" + UUID.randomUUID().toString().substring(0, 12);
        asOperator().body(Map.of("id", id, "name", "Account " + id, "timeZone", zone)).post("/v1/accounts")
                .then().statusCode(201);
        return id;
    }

    private static List<CSVRecord> csv(Response response) throws IOException {
        response.then().statusCode(200).contentType(startsWith("text/csv"));
        var text = new String(response.asByteArray(), StandardCharsets.UTF_8);
        return CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(text)).getRecords();
    }

    @Test
    void everyMatchingRowIsExportedAcrossPagesNewestFirst() throws IOException {
        var account = Api.newAccount();
        int n = Exports.PAGE * 2 + 345;
        new HistoryRows(database).bulk(account, n);

        var rows = csv(asOperator().queryParam("service", "sms").get("/v1/accounts/" + account + "/usage/export"));

        assertThat(rows).hasSize(n);
        assertThat(rows.get(0).get("id")).isEqualTo(account + "." + n);
        assertThat(rows.get(n - 1).get("id")).isEqualTo(account + "." + 1);
        assertThat(rows.stream().map(r -> r.get("id")).distinct()).hasSize(n);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("service")).isEqualTo("sms");
            assertThat(r.get("credits")).isEqualTo("0.045");
            assertThat(r.get("to")).startsWith("'+39347");
        });
        assertThat(rows.get(n - 1).get("occurredAt")).isEqualTo("2026-03-01T01:00:01+01:00");
    }

    @Test
    void aRecordSettledByAReceiptIsExportedWithItsCarrierAndDeliveryStatus() throws IOException {
        var account = Api.newAccount();
        new HistoryRows(database).insert(
                HistoryRows.usage(account, account + ".d1", "2026-03-02T10:00:00Z").set("carrier", "twilio")
                        .set("carrier_message_id", "SM123").set("delivery_status", "delivered"),
                HistoryRows.usage(account, account + ".d2", "2026-03-02T11:00:00Z"));

        var rows = csv(asOperator().queryParam("carrier", "twilio").get("/v1/accounts/" + account + "/usage/export"));

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("id")).isEqualTo(account + ".d1");
        assertThat(rows.get(0).get("carrier")).isEqualTo("twilio");
        assertThat(rows.get(0).get("carrierMessageId")).isEqualTo("SM123");
        assertThat(rows.get(0).get("deliveryStatus")).isEqualTo("delivered");
    }

    @Inject
    MeterRegistry registry;

    /** The rows read into CSV exports so far (the meter is made with the first export). */
    private double rowsRead() {
        var counter = registry.find("tally.history.export.rows").tag("format", "csv").counter();
        return counter == null ? 0 : counter.count();
    }

    /** The rows read once the count stops growing: unchanged for half a second, or after ten seconds. */
    private double settled(double before) throws InterruptedException {
        var read = rowsRead() - before;
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500);
            var now = rowsRead() - before;
            if (now == read) {
                break;
            }
            read = now;
        }
        return read;
    }

    /**
     * A client that stops reading stops the export: with its receive window small, the rows read from PostgreSQL stay
     * within what the socket buffers hold (a few MB; about 16,000 rows here) and the pages read ahead, far below the
     * file's 100,000 rows (about 19 MB), which an export reading regardless of the client reaches; once the client
     * reads again, it gets every row.
     */
    @Test
    void aClientThatStopsReadingHoldsTheExportBack() throws Exception {
        var account = Api.newAccount();
        int n = 50_000;
        new HistoryRows(database).bulk(account, n);
        var before = rowsRead();
        try (var socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("localhost", RestAssured.port));
            socket.getOutputStream().write(("GET /v1/accounts/" + account + "/usage/export HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + Api.OPERATOR_KEY + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var in = socket.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            var read = settled(before);
            assertThat(read).as("rows read while the client reads nothing").isLessThan(n);

            var body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(rowsRead() - before).isEqualTo(2.0 * n);
            assertThat(body).contains("\r\n" + account + ".1,", account + ".v" + n + ",");
        }
    }

    @Test
    void theFileIsNamedForTheDayOfTheExportInTheAccountsZone() {
        for (var zone : List.of("Pacific/Kiritimati", "Pacific/Pago_Pago")) {
            var account = account(zone);
            var before = LocalDate.now(ZoneId.of(zone));
            var response = asOperator().queryParam("format", "xlsx").get("/v1/accounts/" + account + "/usage/export");
            var after = LocalDate.now(ZoneId.of(zone));
            response.then().statusCode(200).contentType(ExportFormat.XLSX_TYPE);
            assertThat(response.header("Content-Disposition")).isIn(
                    "attachment; filename=\"usage-history-" + before + ".xlsx\"",
                    "attachment; filename=\"usage-history-" + after + ".xlsx\"");
        }
        var account = Api.newAccount();
        assertThat(asOperator().get("/v1/accounts/" + account + "/ledger/export").header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"ledger-entries-" + LocalDate.now(ZoneId.of("Europe/Rome"))
                        + ".csv\"");
    }

    @Test
    void anXlsxExportHoldsEveryRowWithNumbersAndDatesTyped() throws IOException {
        var account = Api.newAccount();
        new HistoryRows(database).bulk(account, 1500);

        var bytes = asOperator().queryParam("format", "xlsx").queryParam("subAccount", "milan")
                .get("/v1/accounts/" + account + "/usage/export").then().statusCode(200).extract().asByteArray();

        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(bytes))) {
            var rows = workbook.getFirstSheet().read();
            assertThat(rows).hasSize(1501);
            var header = rows.get(0);
            var last = rows.get(1500);
            assertThat(last.getCell(column(header, "id")).asString()).isEqualTo(account + ".v1");
            var credits = last.getCell(column(header, "credits"));
            assertThat(credits.getType()).isEqualTo(CellType.NUMBER);
            assertThat(credits.asNumber()).isEqualByComparingTo(new BigDecimal("0.01"));
            assertThat(last.getCell(column(header, "occurredAt")).asDate())
                    .isEqualTo(java.time.LocalDateTime.parse("2026-03-01T01:00:01"));
        }
    }

    private static int column(Row header, String name) {
        for (int c = 0; c < header.getCellCount(); c++) {
            if (name.equals(header.getCell(c).asString())) {
                return c;
            }
        }
        throw new AssertionError("no column " + name);
    }

    @Test
    void theByteOrderMarkIsThereOnlyWhenAsked() {
        var account = Api.newAccount();
        var path = "/v1/accounts/" + account + "/usage/export";
        var plain = asOperator().get(path).then().statusCode(200).extract().asByteArray();
        var marked = asOperator().queryParam("bom", "true").get(path).then().statusCode(200).extract().asByteArray();

        assertThat(new String(plain, StandardCharsets.UTF_8)).startsWith("id,occurredAt,");
        assertThat(marked).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(marked, StandardCharsets.UTF_8)).isEqualTo("\uFEFF" + new String(plain,
                StandardCharsets.UTF_8));
    }

    @Test
    void anOfficeAdminExportsOnlyItsSubAccountsRows() throws IOException {
        var account = Api.newAccount();
        var rows = new HistoryRows(database);
        for (var sub : new String[] { "rome", "milan", null }) {
            var name = sub == null ? "none" : sub;
            var record = usage(account, account + "." + name, "2026-03-02T10:00:00Z");
            var event = entry(account, account + ".e." + name, "2026-03-02T10:00:00Z");
            if (sub != null) {
                record.set("sub_account", sub);
                event.set("sub_account", sub);
            }
            rows.insert(record, event);
        }
        var rome = Api.accountKey(account, "office-admin", List.of("rome"));
        var admin = Api.accountKey(account, "company-admin", List.of());

        assertThat(csv(as(rome).get("/v1/accounts/" + account + "/usage/export")))
                .extracting(r -> r.get("subAccount")).containsExactly("rome");
        assertThat(csv(as(rome).get("/v1/accounts/" + account + "/ledger/export")))
                .extracting(r -> r.get("subAccount")).containsExactly("rome");
        assertThat(csv(as(admin).get("/v1/accounts/" + account + "/ledger/export")))
                .extracting(r -> r.get("subAccount")).containsExactlyInAnyOrder("rome", "milan", "");
        as(rome).queryParam("subAccount", "milan").get("/v1/accounts/" + account + "/usage/export")
                .then().statusCode(403).body("type", endsWith("/forbidden"));
        as(Api.accountKey(Api.newAccount(), "company-admin", List.of()))
                .get("/v1/accounts/" + account + "/usage/export").then().statusCode(403);
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource(delimiter = '|', value = {
            "usage  | limit    | 10",
            "usage  | cursor   | MjAyNi0wMy0wMlQxMDowMDowMFogaWQ",
            "usage  | format   | pdf",
            "usage  | bom      | yes",
            "usage  | service  | tele gram",
            "usage  | colour   | red",
            "ledger | format   | json",
            "ledger | type     | burn" })
    void aBadParameterIsRefusedBeforeTheFileStarts(String listing, String name, String value) {
        asOperator().queryParam(name, value).get("/v1/accounts/" + Api.newAccount() + "/" + listing.trim() + "/export")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("field", equalTo(name));
    }

    @Test
    void aByteOrderMarkIsForCsvOnlyAndAnUnknownAccountIsNotFound() {
        asOperator().queryParam("format", "xlsx").queryParam("bom", "true")
                .get("/v1/accounts/" + Api.newAccount() + "/usage/export")
                .then().statusCode(400).body("field", equalTo("bom"));
        for (var listing : List.of("usage", "ledger")) {
            asOperator().get("/v1/accounts/no-such-account-x/" + listing + "/export")
                    .then().statusCode(404).contentType(startsWith("application/problem+json"));
        }
    }

    @Test
    void aLedgerExportHasEveryEntryWithItsDeltas() throws IOException {
        var account = Api.newAccount();
        var rows = new HistoryRows(database);
        var inserted = new ArrayList<HistoryRows.Row>();
        for (int i = 0; i < 3; i++) {
            inserted.add(entry(account, account + ".e" + i, "2026-03-0" + (i + 1) + "T10:00:00Z")
                    .set("held_delta", 45_000L).set("pool_delta", -45_000L)
                    .set("lot_ids", new String[] { "lot-1" }).set("lot_deltas", new Long[] { -45_000L }));
        }
        rows.insert(inserted.toArray(HistoryRows.Row[]::new));

        var records = csv(asOperator().get("/v1/accounts/" + account + "/ledger/export"));

        assertThat(records).extracting(r -> r.get("eventId")).containsExactly(account + ".e2", account + ".e1",
                account + ".e0");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("amount")).isEqualTo("0.045");
            assertThat(r.get("poolDelta")).isEqualTo("-0.045");
            assertThat(r.get("lots")).isEqualTo("lot-1:-0.045");
        });
    }
}
