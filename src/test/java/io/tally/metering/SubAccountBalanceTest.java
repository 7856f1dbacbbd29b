package io.tally.metering;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

/** Office admins read their own sub-accounts' balance, and only those. */
@QuarkusTest
class SubAccountBalanceTest {
    @Test
    void anOfficeAdminReadsItsOwnSubAccountsBalanceOnly() {
        var account = Api.newAccount();
        asOperator().body(Map.of("id", "rome", "name", "Rome", "mode", "allocated", "monthlyLimit", "30"))
                .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201);
        asOperator().body(Map.of("id", "milan", "name", "Milan")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", "100"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        asOperator().body(Map.of("idempotencyKey", "a-1", "subAccount", "rome", "amount", "40"))
                .post("/v1/accounts/" + account + "/allocations").then().statusCode(201);
        var rome = Api.accountKey(account, "office-admin", List.of("rome"));

        as(rome).get("/v1/accounts/" + account + "/sub-accounts/rome/balance").then().statusCode(200)
                .body("subAccount", equalTo("rome")).body("mode", equalTo("allocated"))
                .body("allocation", equalTo(40)).body("monthlyLimit", equalTo(30))
                .body("spentThisMonth", equalTo(0));
        as(rome).get("/v1/accounts/" + account + "/sub-accounts/milan/balance").then().statusCode(403);
        as(rome).get("/v1/accounts/" + account + "/balance").then().statusCode(403);
        asOperator().get("/v1/accounts/" + account + "/sub-accounts/nowhere/balance").then().statusCode(404);
    }

    @Test
    void anOfficeAdminKeyMustNameSubAccountsThatExist() {
        var account = Api.newAccount();

        asOperator().body(Map.of("role", "office-admin", "subAccounts", List.of("ghost")))
                .post("/v1/accounts/" + account + "/keys").then().statusCode(404)
                .body("detail", equalTo("no sub-account ghost in " + account));
    }
}
