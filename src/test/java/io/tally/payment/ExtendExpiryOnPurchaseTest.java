package io.tally.payment;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static io.tally.payment.PackageCatalogueTest.createPackage;
import static io.tally.payment.PurchaseTest.balance;
import static io.tally.payment.PurchaseTest.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.Eventually;

/**
 * The account setting extendExpiryOnPurchase: a package bought moves the expiry of the unexpired package lots to its
 * own; other kinds, lots past their expiry and lots expiring later keep theirs, and PostgreSQL's entries agree.
 */
@QuarkusTest
class ExtendExpiryOnPurchaseTest {
    @Test
    void aPurchaseExtendsOnlyTheUnexpiredPackageLots() {
        var account = Api.newAccount();
        asOperator().body(Map.of("ledger", Map.of("extendExpiryOnPurchase", true)))
                .patch("/v1/accounts/" + account).then().statusCode(200)
                .body("ledger.extendExpiryOnPurchase", equalTo(true));
        grant(account, "g-live", "package", "2027-06-01", null);
        grant(account, "g-promo", "promotional", "2027-06-01", null);
        grant(account, "g-lapsed", "package", "2020-06-01", "2020-01-01T00:00:00Z");
        grant(account, "g-later", "package", "2040-01-01", null);
        var before = expiries(account);
        var admin = Api.accountKey(account, "company-admin", List.of());
        var pkg = createPackage("100", 1000);

        var bought = as(admin).body(purchase("x-1", pkg, "pm_card")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(201).body("extended", equalTo(1)).extract().jsonPath();

        var newExpiry = bought.getString("expiresAt");
        var after = expiries(account);
        assertThat(after.get(bought.getString("lot"))).isEqualTo(newExpiry);
        assertThat(after.get(lotOf(account, "package", before, "2027"))).isEqualTo(newExpiry);
        after.forEach((lot, expiry) -> {
            if (!expiry.equals(newExpiry)) {
                assertThat(before).as("unchanged: " + lot).containsEntry(lot, expiry);
            }
        });
        assertThat(after.values()).filteredOn(newExpiry::equals).hasSize(2);
        as(admin).body(purchase("x-1", pkg, "pm_card")).post("/v1/accounts/" + account + "/purchases")
                .then().statusCode(201).body("replayed", equalTo(true)).body("extended", equalTo(0));

        Eventually.await("PostgreSQL agrees with Redis", () -> asOperator()
                .get("/v1/accounts/" + account + "/reconciliation").then().extract().<Boolean> path("agrees"));
        asOperator().post("/v1/accounts/" + account + "/rebuild").then().statusCode(200);
        assertThat(expiries(account)).as("a rebuild keeps the extended expiries").isEqualTo(after);
    }

    @Test
    void withoutTheSettingNoExpiryMoves() {
        var account = Api.newAccount();
        grant(account, "g-live", "package", "2027-06-01", null);
        var before = expiries(account);
        var admin = Api.accountKey(account, "company-admin", List.of());

        as(admin).body(purchase("y-1", createPackage("100", 1000), "pm_card"))
                .post("/v1/accounts/" + account + "/purchases").then().statusCode(201).body("extended", equalTo(0));

        assertThat(expiries(account)).containsAllEntriesOf(before);
    }

    private static void grant(String account, String key, String kind, String expiresOn, String from) {
        var body = new HashMap<String, Object>(Map.of("idempotencyKey", key, "kind", kind, "amount", "10",
                "expiresOn", expiresOn));
        if (from != null) {
            body.put("effectiveFrom", from);
        }
        asOperator().body(body).post("/v1/accounts/" + account + "/grants").then().statusCode(201);
    }

    private static List<Map<String, Object>> lots(String account) {
        return balance(account).getList("lots");
    }

    /** Each lot's expiry, by lot id. */
    private static Map<String, String> expiries(String account) {
        var expiries = new HashMap<String, String>();
        for (var lot : lots(account)) {
            expiries.put((String) lot.get("id"), (String) lot.get("expiresAt"));
        }
        return expiries;
    }

    /** The lot of {@code kind} whose former expiry starts with {@code year}. */
    private static String lotOf(String account, String kind, Map<String, String> before, String year) {
        return lots(account).stream()
                .filter(lot -> kind.equals(lot.get("kind")) && before.get(lot.get("id")).startsWith(year))
                .map(lot -> (String) lot.get("id"))
                .findFirst().orElseThrow();
    }
}
