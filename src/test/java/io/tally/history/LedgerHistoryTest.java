package io.tally.history;

import static io.tally.Api.asOperator;
import static io.tally.history.HistoryRows.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tally.Api;
import io.vertx.mutiny.sqlclient.Pool;

/** {@code GET /v1/accounts/{account}/ledger}: filters, the entry's shape and its cursor. */
@QuarkusTest
class LedgerHistoryTest {
    @Inject
    Pool database;

    private static String account;

    /** Once per class (static: a new test instance per method); ids carry the account, as event ids are unique. */
    @BeforeEach
    void insertEntries() {
        if (account != null) {
            return;
        }
        account = Api.newAccount();
        var other = Api.newAccount();
        new HistoryRows(database).insert(
                entry(account, id("g1"), "2026-02-01T09:00:00Z").set("type", "grant").set("service", null)
                        .set("amount", 500_000_000L).set("lot_id", "lot-a").set("lot_ids", new String[] { "lot-a" })
                        .set("lot_deltas", new Long[] { 500_000_000L }).set("pool_delta", 500_000_000L)
                        .set("granted_delta", 500_000_000L).json("extra", "{\"debtPaid\": \"0\"}"),
                entry(account, id("r1"), "2026-02-10T10:00:00Z").set("sub_account", "rome").set("reservation_id", "res-1")
                        .set("lot_ids", new String[] { "lot-a", "lot-b" }).set("lot_deltas", new Long[] { -30_000L, -15_000L })
                        .set("pool_delta", -45_000L).set("held_delta", 45_000L).set("spend_delta", 45_000L)
                        .set("spend_month", "2026-02"),
                entry(account, id("c1"), "2026-03-01T00:00:00Z").set("sub_account", "rome").set("type", "commit")
                        .set("reservation_id", "res-1").set("held_delta", -45_000L).set("spent_delta", 45_000L)
                        .set("committed", 45_000L).set("released", 0L),
                entry(account, id("a1"), "2026-03-05T00:00:00Z").set("sub_account", "milan").set("type", "allocate")
                        .set("service", null).set("amount", 50_000_000L).set("pool_delta", -50_000_000L)
                        .set("alloc_delta", 50_000_000L),
                entry(account, id("m1"), "2026-03-09T00:00:00Z").set("sub_account", "milan").set("type", "meter")
                        .set("service", "VOICE").set("amount", 1_500_000L).set("lot_ids", new String[] { "lot-b" })
                        .set("lot_deltas", new Long[] { -1_500_000L }).set("spent_delta", 1_500_000L)
                        .set("debt_delta", 100_000L).set("debt_after", 100_000L).set("over_limit", true),
                entry(other, other + ".x1", "2026-03-09T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "                                                  | m1 a1 c1 r1 g1",
            "month=2026-02                                     | r1 g1",
            "from=2026-02-10T10:00:00Z&to=2026-03-05T00:00:00Z | c1 r1",
            "type=commit                                       | c1",
            "subAccount=rome                                   | c1 r1",
            "service=sms                                       | c1 r1",
            "service=voice                                     | m1",
            "reservation=res-1                                 | c1 r1",
            "lot=lot-a                                         | r1 g1",
            "lot=lot-b                                         | m1 r1",
            "minAmount=1.5                                     | m1 a1 g1",
            "minAmount=0.045&maxAmount=1.5                     | m1 c1 r1",
            "type=grant&month=2026-03                          | ''",
            "type=expire-credits                               | ''",
            "type=refresh-credits                              | ''",
            "type=extend-expiry                                | ''" })
    void filtersNarrowTheListingNewestFirst(String query, String expected) {
        var ids = list(query).statusCode(200).extract().<List<String>> path("items.eventId").stream()
                .map(id -> id.substring(account.length() + 1)).toList();
        assertThat(ids).containsExactlyElementsOf(expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" ")));
    }

    @Test
    void anEntryShowsItsEffectOnTheBalanceInCredits() {
        var body = list("type=reserve").statusCode(200)
                .body("items[0].eventId", equalTo(id("r1")))
                .body("items[0].occurredAt", equalTo("2026-02-10T10:00:00Z"))
                .body("items[0].type", equalTo("reserve"))
                .body("items[0].service", equalTo("sms"))
                .body("items[0].reservation", equalTo("res-1"))
                .body("items[0].spendMonth", equalTo("2026-02"))
                .body("items[0].extra", equalTo(Map.of()))
                .extract().asString();
        assertThat(body).contains("\"amount\":0.045,",
                "\"lots\":[{\"lot\":\"lot-a\",\"delta\":-0.03},{\"lot\":\"lot-b\",\"delta\":-0.015}]",
                "\"poolDelta\":-0.045,", "\"heldDelta\":0.045,", "\"spentDelta\":0,", "\"spendDelta\":0.045,",
                "\"streamId\":\"1700000000000-0\"", "\"writtenAt\":");
        list("type=meter").statusCode(200)
                .body("items[0].debtAfter", equalTo(0.1f))
                .body("items[0].overLimit", equalTo(true));
        list("type=grant").statusCode(200)
                .body("items[0].lot", equalTo("lot-a"))
                .body("items[0].extra.debtPaid", equalTo("0"));
    }

    @Test
    void theCursorWalksEveryEntryOnce() {
        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            var request = asOperator().queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/v1/accounts/" + account + "/ledger").then().statusCode(200).extract();
            seen.addAll(page.<List<String>> path("items.eventId"));
            cursor = page.path("next");
        } while (cursor != null);
        assertThat(seen).containsExactly(id("m1"), id("a1"), id("c1"), id("r1"), id("g1"));
    }

    @Test
    void anUnknownAccountIsNotFound() {
        asOperator().get("/v1/accounts/no-such-account-l/ledger").then().statusCode(404);
    }

    private static String id(String name) {
        return account + "." + name;
    }

    private static ValidatableResponse list(String query) {
        var params = new LinkedHashMap<String, String>();
        if (query != null && !query.isBlank()) {
            for (var pair : query.split("&")) {
                params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return asOperator().queryParams(Map.copyOf(params)).get("/v1/accounts/" + account + "/ledger").then();
    }
}
