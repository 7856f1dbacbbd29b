package io.tally.history;

import static io.tally.Api.asOperator;
import static io.tally.history.HistoryRows.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.tally.Api;
import io.vertx.mutiny.sqlclient.Pool;

/** Each filter of {@code GET /v1/accounts/{account}/usage}, over five records in two months and three sub-accounts. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageHistoryFilterTest {
    @Inject
    Pool database;

    private String account;

    /** Once per class; in a @BeforeEach because REST Assured knows the test port only once a test runs. */
    /** Ids carry the account (as reservation ids do): the primary key is (id, occurred_at) across accounts. */
    @BeforeEach
    void insertRecords() {
        if (account != null) {
            return;
        }
        account = Api.newAccount();
        var other = Api.newAccount();
        new HistoryRows(database).insert(
                usage(account, account + ".u1", "2026-02-10T10:00:00Z").set("sub_account", "rome").set("product", "otp")
                        .set("user_id", "u-1").set("group_id", "g-1").set("contact", "c-1").set("title", "Spring sale 50%_off")
                        .set("idempotency_key", "k-1").set("sender", "ACME").set("recipient", "+393471234567")
                        .set("city", "Roma").set("segments", 1).set("encoding", "GSM-7").set("characters", 17)
                        .set("units", 1L).set("billed", 1L).set("rate", 45_000L).set("charges", "lot-a:30000,lot-b:15000")
                        .json("metadata", "{\"campaign\": \"spring\", \"n\": 1}").set("settled_at", "2026-02-10T10:00:05Z"),
                usage(account, account + ".u2", "2026-02-20T12:00:00Z").set("sub_account", "milan").set("service", "VOICE")
                        .set("direction", "INBOUND").set("country", "FR").set("product", "alerts").set("user_id", "u-2")
                        .set("group_id", "g-2").set("contact", "c-2").set("sender", "+33612345678")
                        .set("recipient", "+33170000000").set("status", "released").set("cost", 500_000L)
                        .set("credits", 0L).set("charges", ""),
                usage(account, account + ".u3", "2026-03-01T00:00:00Z").set("service", "MMS").set("country", "DE")
                        .set("status", "reserved").set("units", 5L).set("cost", 1_200_000L).set("credits", 1_200_000L),
                usage(account, account + ".u4", "2026-03-15T08:30:00.123456Z").set("sub_account", "rome")
                        .set("service", "AI_AGENT")
                        .set("country", "ZZ").set("segments", 3).set("product", "otp").set("status", "expired")
                        .set("title", "spring reminder 500 off")
                        .set("cost", 2_000_000L)
                        .set("credits", 0L).set("charges", ""),
                usage(account, account + ".u5", "2026-03-20T09:00:00Z").set("sub_account", "milan").set("kind", "meter")
                        .set("direction", "INBOUND").set("sender", "+393471234567").set("cost", 10_000L).set("credits", 10_000L)
                        .set("debt_incurred", 5_000L).set("over_limit", false),
                usage(other, other + ".x1", "2026-03-10T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "                                                         | u5 u4 u3 u2 u1",
            "month=2026-02                                            | u2 u1",
            "month=2026-03                                            | u5 u4 u3",
            "from=2026-02-20T12:00:00Z&to=2026-03-01T00:00:00Z        | u2",
            "from=2026-03-15T08:30:00.123456Z                         | u5 u4",
            "to=2026-03-15T08:30:00.123456Z                           | u3 u2 u1",
            "service=sms                                              | u5 u1",
            "service=ai-agent                                         | u4",
            "service=VOICE                                            | u2",
            "direction=inbound                                        | u5 u2",
            "subAccount=rome                                          | u4 u1",
            "product=otp                                              | u4 u1",
            "user=u-2                                                 | u2",
            "group=g-1                                                | u1",
            "contact=c-2                                              | u2",
            "country=it                                               | u5 u1",
            "city=Roma                                                | u1",
            "title=spring                                             | u4 u1",
            "title=SALE                                               | u1",
            "title=50%_off                                            | u1",
            "title=0_o                                                | ''",
            "city=roma                                                | ''",
            "phone=+393471234567                                      | u5 u1",
            "phone=+33170000000                                       | u2",
            "minQuantity=2                                            | u4 u3",
            "maxQuantity=1                                            | u1",
            "minQuantity=3&maxQuantity=3                              | u4",
            "status=released                                          | u2",
            "status=reserved                                          | u3",
            "minCredits=0.045&maxCredits=1.2                          | u3 u1",
            "maxCredits=0                                             | u4 u2",
            "minCost=0.5                                              | u4 u3 u2",
            "minCost=0.01&maxCost=0.045                               | u5 u1",
            "service=sms&direction=outbound&month=2026-02             | u1",
            "product=none                                             | ''" })
    void filtersNarrowTheListingNewestFirst(String query, String expected) {
        var ids = list(query).statusCode(200).extract().<List<String>> path("items.id").stream()
                .map(id -> id.substring(account.length() + 1)).toList();
        assertThat(ids).containsExactlyElementsOf(expected.isEmpty() ? List.of() : Arrays.asList(expected.split(" ")));
    }

    @Test
    void aRecordCarriesEveryColumnWithExactAmounts() {
        var body = list("user=u-1").statusCode(200)
                .body("next", nullValue())
                .body("items[0].id", equalTo(account + ".u1"))
                .body("items[0].occurredAt", equalTo("2026-02-10T10:00:00Z"))
                .body("items[0].account", equalTo(account))
                .body("items[0].subAccount", equalTo("rome"))
                .body("items[0].kind", equalTo("reservation"))
                .body("items[0].status", equalTo("committed"))
                .body("items[0].idempotencyKey", equalTo("k-1"))
                .body("items[0].service", equalTo("sms"))
                .body("items[0].direction", equalTo("outbound"))
                .body("items[0].from", equalTo("ACME"))
                .body("items[0].to", equalTo("+393471234567"))
                .body("items[0].country", equalTo("IT"))
                .body("items[0].city", equalTo("Roma"))
                .body("items[0].segments", equalTo(1))
                .body("items[0].encoding", equalTo("GSM-7"))
                .body("items[0].characters", equalTo(17))
                .body("items[0].product", equalTo("otp"))
                .body("items[0].group", equalTo("g-1"))
                .body("items[0].contact", equalTo("c-1"))
                .body("items[0].metadata.campaign", equalTo("spring"))
                .body("items[0].metadata.n", equalTo(1))
                .body("items[0].settledAt", equalTo("2026-02-10T10:00:05Z"))
                .extract().asString();
        assertThat(body).contains("\"rate\":0.045,", "\"cost\":0.045,", "\"credits\":0.045,",
                "\"charges\":[{\"lot\":\"lot-a\",\"credits\":0.03},{\"lot\":\"lot-b\",\"credits\":0.015}]",
                "\"units\":1,", "\"billed\":1,", "\"updatedAt\":");
    }

    @Test
    void aMeteredUseShowsItsDebtAndSubMicroTimesSurvive() {
        list("subAccount=milan&month=2026-03").statusCode(200)
                .body("items[0].id", equalTo(account + ".u5"))
                .body("items[0].kind", equalTo("meter"))
                .body("items[0].debtIncurred", equalTo(0.005f))
                .body("items[0].overLimit", equalTo(false));
        list("service=ai-agent").statusCode(200).body("items[0].occurredAt", equalTo("2026-03-15T08:30:00.123456Z"));
    }

    @Test
    void anUnknownAccountIsNotFound() {
        asOperator().get("/v1/accounts/no-such-account-q/usage").then().statusCode(404)
                .body("type", equalTo("https://tally.io/problems/not-found"));
    }

    private ValidatableResponse list(String query) {
        var params = new LinkedHashMap<String, String>();
        if (query != null && !query.isBlank()) {
            for (var pair : query.split("&")) {
                params.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return asOperator().queryParams(Map.copyOf(params)).get("/v1/accounts/" + account + "/usage").then();
    }
}
