package io.tally.pricing;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
class RateResourceTest {
    @Inject
    Pool database;

    static Map<String, Object> rate(String service, String direction, String country, Object rate) {
        return Map.of("service", service, "direction", direction, "country", country, "rate", rate);
    }

    static Map<String, Object> voice(String country, Object rate, String billing) {
        return Map.of("service", "VOICE", "direction", "outbound", "country", country, "rate", rate,
                "billing", billing);
    }

    static Map<String, Object> card(Object... rows) {
        return Map.of("rates", List.of(rows));
    }

    @Test
    void anOperatorReplacesTheDefaultCardAndAnyKeyReadsIt() {
        asOperator().body(card(rate("SMS", "outbound", "IT", "0.045"), voice("*", "0.01", "6/6"),
                rate("MMS", "inbound", "*", 0.2), rate("SMS", "outbound", "*", 0.08),
                Map.of("service", "VOICE", "direction", "inbound", "country", "*", "rate", 0)))
                .put("/v1/rates")
                .then().statusCode(200)
                .body("rates", hasSize(5))
                .body("updatedAt", notNullValue());

        var reader = Api.accountKey(Api.newAccount(), "office-admin", List.of("rome"));
        Api.as(reader).get("/v1/rates")
                .then().statusCode(200)
                .body("rates.country", equalTo(List.of("*", "IT", "*", "*", "*")))
                .body("rates[0].service", equalTo("SMS"))
                .body("rates[1].rate", equalTo(0.045f))
                .body("rates[1].billing", nullValue())
                .body("rates[2].service", equalTo("MMS"))
                .body("rates[2].direction", equalTo("inbound"))
                .body("rates[3].billing", equalTo("6/6"))
                .body("rates[4].billing", nullValue()); // voice without billing: the service's increments
    }

    @Test
    void amountsAreStoredAndAnsweredExactly() {
        var account = Api.newAccount();
        var body = asOperator().body(card(rate("SMS", "outbound", "IT", 0.1), rate("SMS", "outbound", "FR", "8.2"),
                rate("SMS", "outbound", "*", new BigDecimal("123456789.123457"))))
                .put("/v1/accounts/" + account + "/rates")
                .then().statusCode(200)
                .extract().asString();
        assertThat(body).contains("\"rate\":0.1}", "\"rate\":8.2}", "\"rate\":123456789.123457}");
        assertThat(storedMicros(account)).containsExactly(123456789123457L, 8200000L, 100000L);
    }

    @Test
    void aRateWithMoreThanSixDecimalsIsRefusedNamingTheRow() {
        for (var tooPrecise : List.<Object> of("0.0000001", new BigDecimal("1.0000001"), new BigDecimal("0.0450001"))) {
            asOperator().body(card(rate("SMS", "outbound", "IT", "0.045"), rate("SMS", "outbound", "FR", tooPrecise)))
                    .put("/v1/rates")
                    .then().statusCode(400)
                    .body("type", endsWith("/invalid-request"))
                    .body("field", equalTo("rates[1].rate"))
                    .body("detail", equalTo("rates[1].rate: at most 6 decimal places (1 micro-credit)"));
        }
    }

    @Test
    void refusesOtherBadAmounts() {
        refused(card(rate("SMS", "outbound", "IT", -1)), "rates[0].rate", "must not be negative");
        refused(card(rate("SMS", "outbound", "IT", "1000000000.5")), "rates[0].rate", "at most 1000000000 credits");
        refused(card(rate("SMS", "outbound", "IT", "NaN")), "rates[0].rate", "not a decimal number");
        refused(card(rate("SMS", "outbound", "IT", true)), "rates[0].rate", "not a decimal number");
        refused(card(Map.of("service", "SMS", "direction", "outbound", "country", "IT")), "rates[0].rate",
                "required");
    }

    @Test
    void refusesRowsThatNameNothingKnown() {
        refused(card(rate("SMS", "outbound", "IT", 1), rate("TELEX", "outbound", "IT", 1)), "rates[1].service",
                "not a service of the catalogue");
        refused(card(rate("SMS", "sideways", "IT", 1)), "rates[0].direction", "outbound or inbound");
        refused(card(rate("SMS", "outbound", "it", 1)), "rates[0].country", "ISO 3166-1 alpha-2");
        refused(card(rate("SMS", "outbound", "QQ", 1)), "rates[0].country", "ISO 3166-1 alpha-2");
        refused(card(rate("SMS", "outbound", "ITA", 1)), "rates[0].country", "ISO 3166-1 alpha-2");
        refused(card(voice("IT", 1, "0/60")), "rates[0].billing", "such as 60/60, 6/6 or 1/1");
        refused(card(Map.of("service", "SMS", "direction", "outbound", "country", "IT", "rate", 1, "billing", "6/6")),
                "rates[0].billing", "sms is billed by the segment");
        refused(Map.of(), "rates", "required");
        refused(Map.of("rates", List.of(Map.of("service", "SMS", "direction", "outbound", "country", "IT",
                "rate", 1, "per", "segment"))), "rates[0].per", "unknown field");
    }

    @Test
    void aSecondRowForTheSameRateIsRefusedNamingIt() {
        var twice = card(rate("SMS", "outbound", "IT", 1), rate("SMS", "inbound", "IT", 1),
                rate("SMS", "outbound", "IT", 2));
        refused(twice, "rates[2]", "a second rate for SMS outbound IT (rates[0])");
    }

    @Test
    void aRefusedReplacementLeavesTheCardAsItWas() {
        var account = Api.newAccount();
        put(account, card(rate("SMS", "outbound", "IT", "0.03")));
        asOperator().body(card(rate("SMS", "outbound", "FR", "0.02"), rate("SMS", "outbound", "FR", "0.01")))
                .put("/v1/accounts/" + account + "/rates").then().statusCode(400);
        asOperator().get("/v1/accounts/" + account + "/rates")
                .then().statusCode(200)
                .body("rates.country", equalTo(List.of("IT")));
    }

    @Test
    void anAccountsOverridesAreReplacedAsAWhole() {
        var account = Api.newAccount();
        asOperator().get("/v1/accounts/" + account + "/rates")
                .then().statusCode(200)
                .body("rates", hasSize(0))
                .body("updatedAt", nullValue());
        put(account, card(rate("SMS", "outbound", "IT", "0.03"), rate("SMS", "outbound", "*", "0.05")));
        put(account, card(rate("FAX", "outbound", "*", "0.5")));
        var admin = Api.accountKey(account, "company-admin", List.of());
        Api.as(admin).get("/v1/accounts/" + account + "/rates")
                .then().statusCode(200)
                .body("rates", hasSize(1))
                .body("rates[0].service", equalTo("FAX"))
                .body("rates[0].rate", equalTo(0.5f));
        put(account, card());
        assertThat(storedMicros(account)).isEmpty();
    }

    @Test
    void anUnknownAccountIs404() {
        asOperator().get("/v1/accounts/no-such-account/rates").then().statusCode(404)
                .body("type", endsWith("/not-found"));
        asOperator().body(card(rate("SMS", "outbound", "IT", 1))).put("/v1/accounts/no-such-account/rates")
                .then().statusCode(404);
    }

    @Test
    void whatAGetAnswersCanBePutBackAsItIs() {
        var account = Api.newAccount();
        put(account, card(rate("SMS", "outbound", "IT", "0.03"), voice("DE", "0.012", "1/1")));
        var answer = asOperator().get("/v1/accounts/" + account + "/rates").then().extract().asString();
        asOperator().body(answer).put("/v1/accounts/" + account + "/rates")
                .then().statusCode(200)
                .body("rates.country", equalTo(List.of("IT", "DE")))
                .body("rates[1].billing", equalTo("1/1"));
    }

    @Test
    void concurrentReplacementsNeverMixTheirRows() throws Exception {
        var account = Api.newAccount();
        var threads = new java.util.ArrayList<Thread>();
        var statuses = new java.util.concurrent.ConcurrentLinkedQueue<Integer>();
        for (int i = 0; i < 6; i++) {
            var price = "0.0" + (i + 1);
            threads.add(new Thread(() -> statuses.add(asOperator()
                    .body(card(rate("SMS", "outbound", "IT", price), rate("SMS", "outbound", "FR", price),
                            rate("SMS", "outbound", "*", price)))
                    .put("/v1/accounts/" + account + "/rates").statusCode())));
        }
        threads.forEach(Thread::start);
        for (var thread : threads) {
            thread.join();
        }
        assertThat(statuses).containsOnly(200);
        var micros = storedMicros(account);
        assertThat(micros).hasSize(3);
        assertThat(micros.stream().distinct()).hasSize(1);
    }

    private static void put(String account, Map<String, Object> card) {
        asOperator().body(card).put("/v1/accounts/" + account + "/rates").then().statusCode(200);
    }

    private static void refused(Map<String, Object> body, String field, String reason) {
        asOperator().body(body).put("/v1/rates")
                .then().statusCode(400)
                .body("field", equalTo(field))
                .body("detail", containsString(reason));
    }

    private List<Long> storedMicros(String account) {
        var rows = database.preparedQuery("SELECT rate_micro FROM rates WHERE account_id = $1 ORDER BY country")
                .execute(Tuple.of(account)).await().atMost(Duration.ofSeconds(5));
        var micros = new java.util.ArrayList<Long>();
        rows.forEach(row -> micros.add(row.getLong(0)));
        return micros;
    }
}
