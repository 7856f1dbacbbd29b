package io.tally.account;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

@QuarkusTest
class SubAccountResourceTest {
    @Test
    void createsASharedOfficeByDefault() {
        var account = Api.newAccount();
        asOperator().body(Map.of("id", "rome", "name", "Rome office")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201)
                .body("kind", equalTo("office"))
                .body("mode", equalTo("shared"))
                .body("fallbackToPool", equalTo(false));
    }

    @Test
    void createsAnAllocatedListFallingBackToThePool() {
        var account = Api.newAccount();
        asOperator().body(Map.of("id", "vip", "name", "VIP list", "kind", "list", "mode", "allocated",
                "fallbackToPool", true))
                .post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201)
                .body("kind", equalTo("list"))
                .body("mode", equalTo("allocated"))
                .body("fallbackToPool", equalTo(true));
    }

    @Test
    void aSharedSubAccountCannotFallBack() {
        var account = Api.newAccount();
        asOperator().body(Map.of("id", "x", "name", "x", "fallbackToPool", true))
                .post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(400).body("field", equalTo("fallbackToPool"));
    }

    @Test
    void aTakenIdIsAConflict() {
        var account = Api.newAccount();
        var body = Map.of("id", "rome", "name", "Rome");
        asOperator().body(body).post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201);
        asOperator().body(body).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(409).body("type", endsWith("/sub-account-exists"));
    }

    @Test
    void theModeIsFixedAtCreation() {
        var account = Api.newAccount();
        asOperator().body(Map.of("id", "rome", "name", "Rome")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        asOperator().body(Map.of("mode", "allocated")).patch("/v1/accounts/" + account + "/sub-accounts/rome")
                .then().statusCode(400).body("field", equalTo("mode"));
    }

    @Test
    void anOfficeAdminListsOnlyItsOwnSubAccounts() {
        var account = Api.newAccount();
        for (var id : List.of("rome", "milan", "turin")) {
            asOperator().body(Map.of("id", id, "name", id)).post("/v1/accounts/" + account + "/sub-accounts")
                    .then().statusCode(201);
        }
        var office = Api.accountKey(account, "office-admin", List.of("rome", "turin"));
        as(office).get("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(200).body("id", equalTo(List.of("rome", "turin")));
        as(office).get("/v1/accounts/" + account + "/sub-accounts/milan").then().statusCode(403);
    }

    @Test
    void anUnknownAccountOrSubAccountIs404() {
        asOperator().get("/v1/accounts/no-such-account/sub-accounts").then().statusCode(404);
        var account = Api.newAccount();
        asOperator().get("/v1/accounts/" + account + "/sub-accounts/nowhere").then().statusCode(404);
    }
}
