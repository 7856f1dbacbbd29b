package io.tally.history;

import static io.tally.Api.asOperator;
import static io.tally.history.HistoryRows.entry;
import static io.tally.history.HistoryRows.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** The {@code month} filter is the account's calendar month: in Auckland, March begins on 28 February at 11:00 UTC. */
@QuarkusTest
class HistoryMonthTest {
    @Inject
    Pool database;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "usage  | 2026-02 | last-of-february",
            "usage  | 2026-03 | first-of-march",
            "ledger | 2026-02 | last-of-february",
            "ledger | 2026-03 | first-of-march" })
    void aMonthRunsFromMidnightToMidnightInTheAccountsZone(String listing, String month, String expected) {
        var account = "acct-" + UUID.randomUUID().toString().substring(0, 12);
        asOperator().body(Map.of("id", account, "name", "Auckland", "timeZone", "Pacific/Auckland"))
                .post("/v1/accounts").then().statusCode(201);
        // 10:59 UTC on 28 February is 23:59 on the 28th in Auckland (NZDT, +13); 11:00 UTC is midnight, 1 March
        new HistoryRows(database).insert(
                usage(account, account + ".last-of-february", "2026-02-28T10:59:00Z"),
                usage(account, account + ".first-of-march", "2026-02-28T11:00:00Z"),
                usage(account, account + ".april", "2026-03-31T11:00:00Z"),
                entry(account, account + ".last-of-february", "2026-02-28T10:59:00Z"),
                entry(account, account + ".first-of-march", "2026-02-28T11:00:00Z"),
                entry(account, account + ".april", "2026-03-31T11:00:00Z"));
        var ids = asOperator().queryParam("month", month).get("/v1/accounts/" + account + "/" + listing)
                .then().statusCode(200).extract().jsonPath()
                .<String> getList(listing.equals("usage") ? "items.id" : "items.eventId");
        assertThat(ids).containsExactly(account + "." + expected);
    }
}
