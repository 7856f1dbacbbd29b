package io.tally.payment;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

/** The package catalogue (operators) and what each package buys an account per destination country. */
@QuarkusTest
class PackageCatalogueTest {
    static String newPackageId() {
        return "pk-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> pkg(String id, String credits, long price) {
        var body = new HashMap<String, Object>();
        body.put("id", id);
        body.put("name", "Package " + id);
        body.put("price", price);
        body.put("currency", "EUR");
        body.put("credits", credits);
        return body;
    }

    /** A package of {@code credits} for {@code price} cents, created by the operator. */
    static String createPackage(String credits, long price) {
        var id = newPackageId();
        asOperator().body(pkg(id, credits, price)).post("/v1/packages").then().statusCode(201);
        return id;
    }

    @Test
    void anOperatorCreatesReadsReplacesAndDeletesAPackage() {
        var id = newPackageId();
        asOperator().body(pkg(id, "1000", 4900)).post("/v1/packages")
                .then().statusCode(201).body("credits", equalTo(1000)).body("price", equalTo(4900))
                .body("kind", equalTo("package")).body("validity", equalTo("P2Y"));
        asOperator().body(pkg(id, "1", 1)).post("/v1/packages").then().statusCode(409).body("field", equalTo("id"));

        var promo = pkg(id, "250.5", 1000);
        promo.put("kind", "promotional");
        promo.put("services", List.of("sms"));
        asOperator().body(promo).put("/v1/packages/" + id)
                .then().statusCode(200).body("kind", equalTo("promotional")).body("validity", nullValue())
                .body("services", equalTo(List.of("sms")));
        asOperator().get("/v1/packages/" + id).then().statusCode(200).body("credits", equalTo(250.5f));
        List<String> ids = asOperator().get("/v1/packages").then().statusCode(200).extract().path("items.id");
        assertThat(ids).contains(id);

        asOperator().delete("/v1/packages/" + id).then().statusCode(204);
        asOperator().get("/v1/packages/" + id).then().statusCode(404);
        asOperator().delete("/v1/packages/" + id).then().statusCode(404);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({ "credits, 0", "credits, -5", "credits, 1e3", "price, 0", "price, -100", "currency, eur",
            "kind, gold", "validity, P0D", "validity, two-years", "services, telex", "name, ''" })
    void badFieldsAreRefusedByNameAndNothingIsStored(String field, String value) {
        var id = newPackageId();
        var body = pkg(id, "100", 1000);
        body.put(field, field.equals("price") ? (Object) Long.valueOf(value)
                : field.equals("services")
                        ? List.of(value)
                        : value);

        asOperator().body(body).post("/v1/packages")
                .then().statusCode(400).body("field", field.equals("services")
                        ? equalTo("services[0]")
                        : equalTo(field));
        asOperator().get("/v1/packages/" + id).then().statusCode(404);
    }

    @Test
    void aReplacementWithBadFieldsChangesNothing() {
        var id = createPackage("100", 1000);

        asOperator().body(pkg(id, "0", 1000)).put("/v1/packages/" + id)
                .then().statusCode(400).body("field", equalTo("credits"));
        asOperator().body(pkg(id, "100", 0)).put("/v1/packages/" + id)
                .then().statusCode(400).body("field", equalTo("price"));
        asOperator().get("/v1/packages/" + id).then().statusCode(200).body("credits", equalTo(100));
    }

    @Test
    void theCatalogueIsTheOperators() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());

        as(admin).body(pkg(newPackageId(), "100", 100)).post("/v1/packages").then().statusCode(403);
        as(admin).get("/v1/packages").then().statusCode(403);
    }

    @Test
    void eachPackageSaysHowManyMessagesItBuysPerCountryAtTheAccountsRates() {
        var account = Api.newAccount();
        asOperator().body(Map.of("rates", List.of(
                Map.of("service", "SMS", "direction", "outbound", "country", "IT", "rate", "0.045"),
                Map.of("service", "SMS", "direction", "outbound", "country", "FR", "rate", "0.05"),
                Map.of("service", "SMS", "direction", "outbound", "country", "DE", "rate", "0"),
                Map.of("service", "SMS", "direction", "outbound", "country", "*", "rate", "0.08"),
                Map.of("service", "MMS", "direction", "outbound", "country", "ES", "rate", "0.01"))))
                .put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        var id = createPackage("100", 900);
        var admin = Api.accountKey(account, "company-admin", List.of());

        var offers = as(admin).get("/v1/accounts/" + account + "/packages").then().statusCode(200).extract()
                .jsonPath();
        List<Map<String, Object>> countries = offers.getList("items.find { it.id == '" + id
                + "' }.messagesPerCountry");
        var byCountry = new HashMap<String, Map<String, Object>>();
        countries.forEach(c -> byCountry.put((String) c.get("country"), c));
        assertThat(byCountry.get("IT")).containsEntry("messages", 2222).containsEntry("card", "account");
        assertThat(byCountry.get("FR")).containsEntry("messages", 2000);
        assertThat(byCountry.get("DE")).as("a free rate buys any number").doesNotContainKey("messages");
        assertThat(byCountry.get("*")).containsEntry("messages", 1250);
        assertThat(byCountry).as("an MMS-only row names no SMS destination").doesNotContainKey("ES");
        byCountry.forEach((country, offer) -> {
            if (!List.of("IT", "FR", "DE").contains(country)) {
                assertThat(offer).as(country + ": the account's * row beats the default card")
                        .containsEntry("messages", 1250);
            }
        });
        assertThat(offers.getString("items.find { it.id == '" + id + "' }.price")).isEqualTo("900");
    }

    @Test
    void aPackageForOtherServicesBuysNoMessages() {
        var account = Api.newAccount();
        var id = newPackageId();
        var body = pkg(id, "100", 900);
        body.put("services", List.of("voice"));
        asOperator().body(body).post("/v1/packages").then().statusCode(201);

        asOperator().get("/v1/accounts/" + account + "/packages").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.messagesPerCountry.size()", equalTo(0));
    }

    @Test
    void anotherTenantsOffersAreOutOfScope() {
        var account = Api.newAccount();
        var other = Api.accountKey(Api.newAccount(), "company-admin", List.of());

        as(other).get("/v1/accounts/" + account + "/packages").then().statusCode(403)
                .body("detail", containsString("scope"));
    }
}
