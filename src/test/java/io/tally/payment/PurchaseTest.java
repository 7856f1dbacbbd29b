package io.tally.payment;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static io.tally.payment.PackageCatalogueTest.createPackage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.tally.Api;

/** Buying packages with the invoice provider: preview, payment, grant, allocation, scope and bad input. */
@QuarkusTest
class PurchaseTest {
    static Map<String, Object> purchase(String key, String pkg, String method) {
        var body = new HashMap<String, Object>();
        body.put("idempotencyKey", key);
        body.put("package", pkg);
        body.put("paymentMethod", method);
        return body;
    }

    static JsonPath balance(String account) {
        return asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200).extract().jsonPath();
    }

    static List<Map<String, Object>> payments(String account) {
        return asOperator().get("/v1/accounts/" + account + "/payments").then().statusCode(200).extract().jsonPath()
                .getList("items");
    }

    @Test
    void aCompanyAdminBuysAPackageOnceHoweverOftenTheKeyIsSent() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        var pkg = createPackage("1000", 4900);
        var before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        var first = as(admin).body(purchase("buy-1", pkg, "pm_card")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(201).body("status", equalTo("succeeded")).body("package", equalTo(pkg))
                .body("credits", equalTo(1000)).body("amount", equalTo(4900)).body("currency", equalTo("EUR"))
                .body("provider", equalTo("invoice")).body("reference", startsWith("invoice:"))
                .body("kind", equalTo("package")).extract().jsonPath();
        as(admin).body(purchase("buy-1", pkg, "pm_card")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(201).body("replayed", equalTo(true)).body("lot", equalTo(first.getString("lot")));

        var lots = balance(account).getList("lots", Map.class);
        assertThat(lots).singleElement().satisfies(lot -> {
            assertThat(lot.get("id")).isEqualTo(first.getString("lot"));
            assertThat(lot.get("granted")).isEqualTo(1000);
            var expires = Instant.parse((String) lot.get("expiresAt"));
            var twoYears = before.atZone(ZoneId.of("Europe/Rome")).plusYears(2).toInstant();
            assertThat(expires).isBetween(twoYears, twoYears.plusSeconds(60));
        });
        assertThat(payments(account)).singleElement().satisfies(payment -> {
            assertThat(payment).containsEntry("kind", "purchase").containsEntry("status", "succeeded")
                    .containsEntry("amount", 4900).containsEntry("currency", "EUR")
                    .containsEntry("paymentMethod", "pm_card").containsEntry("packageId", pkg)
                    .containsEntry("lot", first.getString("lot")).containsEntry("id", first.getString("id"));
            assertThat((String) payment.get("reference")).startsWith("invoice:");
        });
    }

    @Test
    void aPreviewAnswersTheCostAndTheGrantAndMovesNothing() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        var pkg = createPackage("500", 2500);

        as(admin).body(purchase("p-1", pkg, "pm_card")).post("/v1/accounts/" + account + "/purchases?preview=true")
                .then().statusCode(200).body("status", equalTo("preview")).body("amount", equalTo(2500))
                .body("credits", equalTo(500)).body("kind", equalTo("package"));

        assertThat(payments(account)).isEmpty();
        assertThat(balance(account).getList("lots")).isEmpty();
        as(admin).body(purchase("p-1", pkg, "pm_card")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(201).body("replayed", equalTo(false));
    }

    @Test
    void theSameKeyWithAnotherRequestIsAConflictAndChargesNothing() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        var pkg = createPackage("10", 100);
        var other = createPackage("20", 200);
        as(admin).body(purchase("k", pkg, "pm_card")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(201);

        as(admin).body(purchase("k", other, "pm_card")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(409).body("field", equalTo("idempotencyKey"));
        as(admin).body(purchase("k", pkg, "pm_other")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(409);

        assertThat(payments(account)).hasSize(1);
        assertThat(balance(account).getString("granted")).isEqualTo("10");
    }

    @Test
    void badInputIsRefusedByNameAndChangesNothing() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        var pkg = createPackage("10", 100);
        var path = "/v1/accounts/" + account + "/purchases";

        as(admin).body(purchase("b-1", "no-such-package", "pm_card")).post(path)
                .then().statusCode(400).body("field", equalTo("package"));
        var noMethod = purchase("b-2", pkg, "pm");
        noMethod.remove("paymentMethod");
        as(admin).body(noMethod).post(path).then().statusCode(400).body("field", equalTo("paymentMethod"));
        as(admin).body(purchase("b-3", pkg, "pm card")).post(path)
                .then().statusCode(400).body("field", equalTo("paymentMethod"));
        var noKey = purchase("x", pkg, "pm_card");
        noKey.remove("idempotencyKey");
        as(admin).body(noKey).post(path).then().statusCode(400).body("field", equalTo("idempotencyKey"));
        as(admin).body(purchase("b-4", pkg, "pm_card")).post(path + "?preview=maybe")
                .then().statusCode(400).body("field", equalTo("preview"));
        var otherTenant = Api.accountKey(Api.newAccount(), "company-admin", List.of());
        as(otherTenant).body(purchase("b-5", pkg, "pm_card")).post(path).then().statusCode(403);
        as(admin).body(purchase("b-6", pkg, "pm_card")).post("/v1/accounts/acct-none/purchases")
                .then().statusCode(403);

        assertThat(payments(account)).isEmpty();
        assertThat(balance(account).getList("lots")).isEmpty();
    }

    @Test
    void anOfficeAdminsPurchaseIsAllocatedToItsOffice() {
        var account = Api.newAccount();
        asOperator().body(Map.of("id", "milan", "name", "Milan", "mode", "allocated"))
                .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201);
        var office = Api.accountKey(account, "office-admin", List.of("milan"));
        var pkg = createPackage("300", 1500);

        as(office).body(purchase("o-1", pkg, "pm_card")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(201).body("subAccount", equalTo("milan"));

        var balance = balance(account);
        assertThat(balance.getString("pool")).isEqualTo("0");
        assertThat(balance.getString("subAccounts.find { it.id == 'milan' }.allocation")).isEqualTo("300");
        as(office).get("/v1/accounts/" + account + "/payments").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].subAccount", equalTo("milan"));
        var rome = purchase("o-2", pkg, "pm_card");
        rome.put("subAccount", "rome");
        as(office).body(rome).post("/v1/accounts/" + account + "/purchases").then().statusCode(403);
    }

    @Test
    void anOfficeDrawingOnTheSharedPoolCannotBuyCreditsOfItsOwn() {
        var account = Api.newAccount();
        var office = Api.accountKey(account, "office-admin", List.of("rome"));
        var pkg = createPackage("300", 1500);

        as(office).body(purchase("s-1", pkg, "pm_card")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(400).body("field", equalTo("subAccount"));

        assertThat(payments(account)).isEmpty();
    }
}
