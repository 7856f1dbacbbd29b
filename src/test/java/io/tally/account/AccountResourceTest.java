package io.tally.account;

import static io.tally.Api.asOperator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

@QuarkusTest
class AccountResourceTest {
    @Test
    void createsAnAccountWithGeneratedIdAndDefaults() {
        asOperator().body(Map.of("name", "Acme")).post("/v1/accounts")
                .then().statusCode(201)
                .header("Location", containsString("/v1/accounts/acc_"))
                .body("id", startsWith("acc_"))
                .body("timeZone", equalTo("UTC"))
                .body("segmentation.graphemeSafe", equalTo(false))
                .body("segmentation.languages", equalTo(List.of()));
    }

    @Test
    void aTakenIdIsAConflict() {
        var id = Api.newAccount();
        asOperator().body(Map.of("id", id, "name", "again")).post("/v1/accounts")
                .then().statusCode(409).body("type", endsWith("/account-exists")).body("field", equalTo("id"));
    }

    @Test
    void anInvalidIdIsNamed() {
        asOperator().body(Map.of("id", "Has Spaces", "name", "x")).post("/v1/accounts")
                .then().statusCode(400).body("field", equalTo("id"));
    }

    @Test
    void updatesOnlyTheFieldsSent() {
        var id = Api.newAccount();
        asOperator().body(Map.of("segmentation", Map.of("graphemeSafe", true, "languages", List.of("Turkish"))))
                .patch("/v1/accounts/" + id)
                .then().statusCode(200)
                .body("timeZone", equalTo("Europe/Rome"))
                .body("segmentation.graphemeSafe", equalTo(true))
                .body("segmentation.languages", equalTo(List.of("turkish")));
        asOperator().get("/v1/accounts/" + id)
                .then().statusCode(200)
                .body("segmentation.languages", equalTo(List.of("turkish")))
                .body("segmentation.languagesByDestination", equalTo(false));
    }

    @Test
    void anUnknownAccountIs404ForAnOperator() {
        asOperator().get("/v1/accounts/no-such-account").then().statusCode(404).body("type", endsWith("/not-found"));
    }

    @Test
    void newAccountsBurnPlanAllowancesFirstAndReleaseExpiredHolds() {
        asOperator().body(Map.of("name", "Defaults")).post("/v1/accounts")
                .then().statusCode(201)
                .body("ledger.kindOrder[0]", equalTo("plan-allowance"))
                .body("ledger.expiryOrder", equalTo("soonest-expiry-first"))
                .body("ledger.holdTimeoutSeconds", equalTo(3600))
                .body("ledger.expiredHolds", equalTo("release"));
    }

    @Test
    void setsTheBurnOrderByPresetOrByKinds() {
        var id = Api.newAccount();
        asOperator().body(Map.of("ledger", Map.of("burnPreset", "subscription-first",
                "expiryOrder", "non-expiring-first")))
                .patch("/v1/accounts/" + id)
                .then().statusCode(200)
                .body("ledger.kindOrder[0]", equalTo("subscription"))
                .body("ledger.expiryOrder", equalTo("non-expiring-first"));
        asOperator().body(Map.of("ledger", Map.of("kindOrder", List.of("universal", "package"))))
                .patch("/v1/accounts/" + id)
                .then().statusCode(200)
                .body("ledger.kindOrder[0]", equalTo("universal"))
                .body("ledger.kindOrder[1]", equalTo("package"))
                .body("ledger.kindOrder[2]", equalTo("plan-allowance"))
                .body("ledger.kindOrder.size()", equalTo(7));
    }

    @Test
    void refusesAnUnknownLotKindByIndexAndAnOutOfRangeHoldTimeout() {
        var id = Api.newAccount();
        asOperator().body(Map.of("ledger", Map.of("kindOrder", List.of("universal", "gold"))))
                .patch("/v1/accounts/" + id)
                .then().statusCode(400).body("field", equalTo("ledger.kindOrder[1]"));
        asOperator().body(Map.of("ledger", Map.of("holdTimeoutSeconds", 0)))
                .patch("/v1/accounts/" + id)
                .then().statusCode(400).body("field", equalTo("ledger.holdTimeoutSeconds"));
    }
}
