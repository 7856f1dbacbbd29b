package io.tally.pricing;

import static io.tally.Api.asOperator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

/** The service catalogue over HTTP: defining services, and uses and rates that name them. */
@QuarkusTest
class ServiceResourceTest {
    private static String newId(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    private static Map<String, Object> service(String name, String category, String unit) {
        var body = new HashMap<String, Object>();
        body.put("name", name);
        body.put("category", category);
        body.put("unit", unit);
        return body;
    }

    private static void define(String id, Map<String, Object> body) {
        asOperator().body(body).put("/v1/services/" + id).then().statusCode(201);
    }

    /** An account whose rates price {@code id} at {@code rate} credits a unit everywhere, plus the given rows. */
    private static String pricedAccount(List<Map<String, Object>> rows) {
        var account = Api.newAccount();
        asOperator().body(Map.of("rates", rows)).put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "universal", "amount", "1000"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        return account;
    }

    private static Map<String, Object> rate(String service, String subType, Object rate) {
        var row = new HashMap<String, Object>(Map.of("service", service, "direction", "outbound", "country", "*",
                "rate", rate));
        if (subType != null) {
            row.put("subType", subType);
        }
        return row;
    }

    private static Map<String, Object> use(String account, String service, Map<String, Object> fields) {
        var body = new HashMap<String, Object>(Map.of("idempotencyKey", "u-" + UUID.randomUUID(), "account",
                account, "service", service, "to", "+393471234567"));
        body.putAll(fields);
        return body;
    }

    @Test
    void theBuiltInServicesAreInTheCatalogueForEveryCaller() {
        var reader = Api.accountKey(Api.newAccount(), "office-admin", List.of("rome"));
        Api.as(reader).get("/v1/services").then().statusCode(200)
                .body("services.id", hasItems("SMS", "MMS", "VOICE", "FAX", "AI_AGENT"));
        Api.as(reader).get("/v1/services/ai-agent").then().statusCode(200)
                .body("id", equalTo("AI_AGENT"))
                .body("category", equalTo("ai"))
                .body("unit", equalTo("session"))
                .body("builtIn", equalTo(true))
                .body("billing", nullValue());
        Api.as(reader).get("/v1/services/voice").then().statusCode(200).body("billing", equalTo("60/60"));
        asOperator().get("/v1/services/telex").then().statusCode(404);
    }

    @Test
    void anOperatorDefinesAServiceThenRedefinesItButNotItsUnit() {
        var id = newId("TOLL");
        var body = service("Toll-free calls", "calling", "minute");
        body.put("billing", "6/6");
        body.put("subTypes", List.of("domestic", "international"));
        asOperator().body(body).put("/v1/services/" + id.toLowerCase(Locale.ROOT).replace('_', '-'))
                .then().statusCode(201)
                .header("Location", endsWith("/v1/services/" + id))
                .body("id", equalTo(id))
                .body("billing", equalTo("6/6"))
                .body("subTypes", equalTo(List.of("domestic", "international")))
                .body("builtIn", equalTo(false));

        body.put("name", "Toll-free");
        body.put("billing", "1/1");
        asOperator().body(body).put("/v1/services/" + id).then().statusCode(200)
                .body("name", equalTo("Toll-free")).body("billing", equalTo("1/1"));

        var other = service("Toll-free", "calling", "session");
        asOperator().body(other).put("/v1/services/" + id).then().statusCode(409)
                .body("field", equalTo("unit"));
        asOperator().get("/v1/services/" + id).then().statusCode(200).body("unit", equalTo("minute"));
    }

    @Test
    void aBadDefinitionIsRefusedNamingTheField() {
        var id = newId("BAD");
        refused(id, service("x", "telephony", "minute"), "category");
        refused(id, service("x", "calling", "hour"), "unit");
        refused(id, service("", "calling", "minute"), "name");
        var billed = service("x", "messaging", "message");
        billed.put("billing", "6/6");
        refused(id, billed, "billing");
        var odd = service("x", "calling", "minute");
        odd.put("billing", "0/6");
        refused(id, odd, "billing");
        var twice = service("x", "messaging", "message");
        twice.put("subTypes", List.of("a2p", "a2p"));
        refused(id, twice, "subTypes[1]");
        var upper = service("x", "messaging", "message");
        upper.put("subTypes", List.of("A2P"));
        refused(id, upper, "subTypes[0]");
        refused("9lives", service("x", "other", "item"), "service");
        asOperator().get("/v1/services/" + id).then().statusCode(404);
    }

    @Test
    void aTimedServiceBillsItsIncrementsAndARowOfTheSubTypeWins() {
        var id = newId("CALLS");
        var body = service("Calls", "calling", "minute");
        body.put("billing", "6/6");
        body.put("subTypes", List.of("toll-free", "local"));
        define(id, body);
        var account = pricedAccount(List.of(rate(id, null, "60"), rate(id, "toll-free", "0")));

        asOperator().body(use(account, id, Map.of("units", 61, "direction", "outbound"))).post("/v1/usage")
                .then().statusCode(201)
                .body("price.quantity", equalTo(61))
                .body("price.billed", equalTo(66))
                .body("price.cost", equalTo(66));
        asOperator().body(use(account, id, Map.of("units", 61, "subType", "local")))
                .post("/v1/reservations")
                .then().statusCode(201).body("price.cost", equalTo(66)).body("price.rateSubType", nullValue());
        asOperator().body(use(account, id, Map.of("units", 61, "subType", "toll-free")))
                .post("/v1/reservations")
                .then().statusCode(201).body("price.cost", equalTo(0))
                .body("price.rateSubType", equalTo("toll-free"));
    }

    @Test
    void aUseOfWhatTheCatalogueDoesNotHaveIsRefusedNamingTheField() {
        var id = newId("BOT");
        define(id, service("Textbot", "ai", "item"));
        var account = pricedAccount(List.of(rate(id, null, "1"), rate("SMS", null, "1")));

        asOperator().body(use(account, "telex", Map.of("units", 1))).post("/v1/reservations")
                .then().statusCode(400).body("field", equalTo("service"));
        asOperator().body(use(account, id, Map.of("text", "hello"))).post("/v1/reservations")
                .then().statusCode(400).body("field", equalTo("text")).body("detail", containsString("send units"));
        asOperator().body(use(account, "voice", Map.of("text", "hello"))).post("/v1/reservations")
                .then().statusCode(400).body("field", equalTo("text"));
        asOperator().body(use(account, id, Map.of())).post("/v1/reservations")
                .then().statusCode(400).body("field", equalTo("units"));
        asOperator().body(use(account, "sms", Map.of("text", "hi", "subType", "a2p"))).post("/v1/reservations")
                .then().statusCode(400).body("field", equalTo("subType"))
                .body("detail", containsString("sms has no sub-types"));
        // a service of the AI category needs no number
        var noNumber = use(account, id, Map.of("units", 2));
        noNumber.remove("to");
        asOperator().body(noNumber).post("/v1/reservations").then().statusCode(201).body("price.cost", equalTo(2));
        assertBalanceAvailable(account, "998");
    }

    @Test
    void ratesAndGrantsNameServicesOfTheCatalogue() {
        var id = newId("MSG");
        var body = service("Messaging", "messaging", "message");
        body.put("subTypes", List.of("a2p", "p2p"));
        define(id, body);

        asOperator().body(Map.of("rates", List.of(rate(id, "a2p", "1"), rate(id, "toll-free", "1"))))
                .put("/v1/rates").then().statusCode(400).body("field", equalTo("rates[1].subType"));
        asOperator().body(Map.of("rates", List.of(rate("FAXES", null, "1")))).put("/v1/rates")
                .then().statusCode(400).body("field", equalTo("rates[0].service"));

        var account = Api.newAccount();
        asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "package", "amount", "5",
                "services", List.of(id.toLowerCase(Locale.ROOT).replace('_', '-'), "telex")))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(400)
                .body("field", equalTo("services[1]"));
        asOperator().body(Map.of("idempotencyKey", "g-" + UUID.randomUUID(), "kind", "package", "amount", "5",
                "services", List.of(id.toLowerCase(Locale.ROOT).replace('_', '-'))))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200)
                .body("lots[0].services", equalTo(List.of(id.toLowerCase(Locale.ROOT).replace('_', '-'))));
    }

    private static void assertBalanceAvailable(String account, String available) {
        asOperator().get("/v1/accounts/" + account + "/balance").then().statusCode(200)
                .body("available", equalTo(Integer.parseInt(available)));
    }

    private static void refused(String id, Map<String, Object> body, String field) {
        asOperator().body(body).put("/v1/services/" + id).then().statusCode(400).body("field", equalTo(field));
    }
}
