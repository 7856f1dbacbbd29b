package io.tally.history;

import static io.tally.Api.asOperator;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

/** Every bad parameter of the two listings is a 400 problem naming it, never a 500 and never silently ignored. */
@QuarkusTest
class UsageHistoryBadInputTest {
    private static String account;

    @ParameterizedTest(name = "{0}: {1}={2}")
    @CsvSource(delimiter = '|', value = {
            "usage  | from        | yesterday",
            "usage  | from        | +100000-01-01T00:00:00Z",
            "usage  | to          | 2026-13-01T00:00:00Z",
            "usage  | month       | 2026-3",
            "usage  | month       | 2026-13",
            "usage  | service     | tele gram",
            "usage  | direction   | sideways",
            "usage  | subAccount  | Rome!",
            "usage  | status      | pending",
            "usage  | country     | ITA",
            "usage  | minCredits  | 0.0000001",
            "usage  | maxCredits  | -1",
            "usage  | minCost     | abc",
            "usage  | maxCost     | 1e400",
            "usage  | phone       | 393471234567",
            "usage  | phone       | +39 347 1234567",
            "usage  | minQuantity | -1",
            "usage  | maxQuantity | 1.5",
            "usage  | minQuantity | 10000000000000",
            "usage  | product     | ''",
            "usage  | limit       | 0",
            "usage  | limit       | 1001",
            "usage  | limit       | ten",
            "usage  | cursor      | not a cursor!",
            "usage  | colour      | red",
            "ledger | type        | burn",
            "ledger | service     | tele gram",
            "ledger | subAccount  | Rome!",
            "ledger | minAmount   | 0.1234567",
            "ledger | maxAmount   | x",
            "ledger | status      | committed",
            "ledger | month       | March" })
    void aBadParameterIsRefusedNamingIt(String listing, String name, String value) {
        refused(asOperator().queryParam(name, value).get(path(listing)), name);
    }

    @Test
    void aTooLongLabelIsRefused() {
        refused(asOperator().queryParam("user", "u".repeat(129)).get(path("usage")), "user");
    }

    @Test
    void aCursorThatDecodesToSomethingElseIsRefused() {
        for (var text : new String[] { "no-space", "+100000-01-01T00:00:00Z id", "2026-03-01T00:00:00Z " }) {
            var token = Base64.getUrlEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
            refused(asOperator().queryParam("cursor", token).get(path("ledger")), "cursor");
        }
    }

    @Test
    void aRepeatedParameterIsRefused() {
        refused(asOperator().queryParam("service", "sms", "mms").get(path("usage")), "service");
    }

    @Test
    void contradictoryRangesAreRefused() {
        refused(asOperator().queryParam("month", "2026-03").queryParam("from", "2026-03-01T00:00:00Z")
                .get(path("usage")), "month");
        refused(asOperator().queryParam("from", "2026-03-02T00:00:00Z").queryParam("to", "2026-03-01T00:00:00Z")
                .get(path("ledger")), "to");
        refused(asOperator().queryParam("minCost", "2").queryParam("maxCost", "1").get(path("usage")), "maxCost");
        refused(asOperator().queryParam("minAmount", "2").queryParam("maxAmount", "1").get(path("ledger")),
                "maxAmount");
    }

    private static void refused(io.restassured.response.Response response, String field) {
        response.then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("type", endsWith("/invalid-request"))
                .body("field", equalTo(field));
    }

    private static String path(String listing) {
        if (account == null) {
            account = Api.newAccount();
        }
        return "/v1/accounts/" + account + "/" + listing.trim();
    }
}
