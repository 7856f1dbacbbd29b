package io.tally.ledger;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.platform.RedisPipes;

@QuarkusTest
class ReservationFlowTest {
    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    /**
     * The 201 body, byte for byte as Jackson writes the view: members in the record's order, absent ones left out,
     * amounts as JSON numbers, the deadline as an ISO instant.
     */
    @Test
    void aHoldIsAnsweredAsJacksonWritesItsView() {
        var wallet = Wallet.priced().grant("package", "5");
        var body = asOperator().body(wallet.sms("m-json", "hello")).post("/v1/reservations")
                .then().statusCode(201).contentType("application/json;charset=UTF-8").extract().asString();
        assertThat(body).matches("\\{\"reservationId\":\"r\\." + wallet.account + "\\.[A-Za-z0-9_-]{22}\","
                + "\"account\":\"" + wallet.account + "\",\"service\":\"sms\","
                + "\"segmentation\":\\{\"encoding\":\"GSM-7\",\"segments\":1,\"units\":5\\},"
                + "\"price\":\\{\"country\":\"IT\",\"quantity\":1,\"billed\":1,\"rate\":1,\"cost\":1,"
                + "\"card\":\"account\"\\},\"charges\":\\[\\{\"lot\":\"lot_[0-9a-f]{16}\",\"amount\":1\\}\\],"
                + "\"available\":4,\"deadline\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z\","
                + "\"replayed\":false\\}");
        var again = asOperator().body(wallet.sms("m-json", "hello")).post("/v1/reservations")
                .then().statusCode(201).extract().asString();
        assertThat(again).isEqualTo(body.replace("\"replayed\":false", "\"replayed\":true"));
    }

    @Test
    void aReservationHoldsCreditsAndItsCommitSpendsThem() {
        var wallet = Wallet.priced().grant("plan-allowance", "10");
        String id = asOperator().body(wallet.sms("m-1", "a".repeat(161))).post("/v1/reservations")
                .then().statusCode(201)
                .body("reservationId", startsWith("r." + wallet.account + "."))
                .body("segmentation.segments", equalTo(2))
                .body("price.cost", equalTo(2))
                .body("charges", hasSize(1))
                .body("available", equalTo(8))
                .extract().path("reservationId");
        assertThat(wallet.balance().getString("held")).isEqualTo("2");

        asOperator().post("/v1/reservations/" + id + "/commit")
                .then().statusCode(200).body("state", equalTo("committed")).body("committed", equalTo(2));

        var balance = wallet.balance();
        assertThat(balance.getString("held")).isEqualTo("0");
        assertThat(balance.getString("spent")).isEqualTo("2");
        assertThat(balance.getString("available")).isEqualTo("8");
        assertThat(wallet.events(redis, partitions)).extracting(e -> e.get("type"))
                .containsExactly("grant", "reserve", "commit");
    }

    @Test
    void aBareCommitWithoutBodyOrContentTypeCommitsEverything() {
        var wallet = Wallet.priced().grant("package", "5");
        String id = asOperator().body(wallet.sms("m-1", "hello")).post("/v1/reservations")
                .then().statusCode(201).extract().path("reservationId");
        io.restassured.RestAssured.given().auth().oauth2(Api.OPERATOR_KEY).post("/v1/reservations/" + id + "/commit")
                .then().statusCode(200).body("state", equalTo("committed")).body("committed", equalTo(1));
        var lot = wallet.balance();
        assertThat(lot.getString("lots[0].used")).isEqualTo("1");
        assertThat(lot.getString("lots[0].usedPercent")).isEqualTo("20.0");
    }

    @Test
    void aMalformedOrTooPreciseCommitIsRefusedAndSettlesNothing() {
        var wallet = Wallet.priced().grant("package", "5");
        String id = asOperator().body(wallet.sms("m-1", "hello")).post("/v1/reservations")
                .then().statusCode(201).extract().path("reservationId");
        asOperator().body("{\"amount\": ").post("/v1/reservations/" + id + "/commit")
                .then().statusCode(400).body("type", endsWith("/malformed-json"));
        asOperator().body(Map.of("amount", "0.0000001")).post("/v1/reservations/" + id + "/commit")
                .then().statusCode(400).body("field", equalTo("amount"));
        assertThat(wallet.balance().getString("held")).isEqualTo("1");
    }

    @Test
    void anInvalidDestinationIsPricedByTheDefaultRateWhenThereIsOne() {
        var wallet = Wallet.priced().grant("package", "5");
        var sms = new java.util.HashMap<>(wallet.sms("m-1", "hello"));
        sms.put("to", "+1");
        asOperator().body(sms).post("/v1/reservations")
                .then().statusCode(201).body("price.country", equalTo("ZZ")).body("price.cost", equalTo(1));
    }

    @Test
    void theEventCarriesWhatAUsageRecordNeeds() {
        var wallet = Wallet.priced().grant("package", "5");
        var sms = new java.util.HashMap<>(wallet.sms("m-1", "hello"));
        sms.put("product", "otp");
        sms.put("metadata", Map.of("campaign", "spring", "batch", 7));
        asOperator().body(sms).post("/v1/reservations").then().statusCode(201);
        var detail = wallet.events(redis, partitions).get(1).get("detail");
        assertThat(detail).contains("\"metadata\":{\"batch\":7,\"campaign\":\"spring\"}")
                .contains("\"product\":\"otp\"").contains("\"country\":\"IT\"").contains("\"segments\":1");
    }

    @Test
    void aReleaseGivesEverythingBack() {
        var wallet = Wallet.priced().grant("package", "5");
        String id = asOperator().body(wallet.sms("m-1", "hello")).post("/v1/reservations")
                .then().statusCode(201).extract().path("reservationId");
        asOperator().post("/v1/reservations/" + id + "/release")
                .then().statusCode(200).body("state", equalTo("released")).body("released", equalTo(1));
        assertThat(wallet.balance().getString("available")).isEqualTo("5");
    }

    @Test
    void aSmallerCommitReturnsTheDifference() {
        var wallet = Wallet.priced().grant("universal", "10");
        String id = asOperator().body(Map.of("idempotencyKey", "call-1", "account", wallet.account,
                "service", "voice", "to", "+393471234567", "units", 300))
                .post("/v1/reservations").then().statusCode(201).extract().path("reservationId");
        asOperator().body(Map.of("amount", "2")).post("/v1/reservations/" + id + "/commit")
                .then().statusCode(200).body("committed", equalTo(2)).body("released", equalTo(3));
        assertThat(wallet.balance().getString("available")).isEqualTo("8");
        asOperator().body(Map.of("amount", "9")).post("/v1/reservations/" + id + "/commit")
                .then().statusCode(200).body("repeated", equalTo(true)).body("committed", equalTo(2));
    }

    @Test
    void aSecondSettleAnswersTheFirstOutcome() {
        var wallet = Wallet.priced().grant("package", "5");
        String id = asOperator().body(wallet.sms("m-1", "hello")).post("/v1/reservations")
                .then().statusCode(201).extract().path("reservationId");
        asOperator().post("/v1/reservations/" + id + "/commit").then().statusCode(200);
        asOperator().post("/v1/reservations/" + id + "/release")
                .then().statusCode(200).body("state", equalTo("committed")).body("repeated", equalTo(true));
        assertThat(wallet.events(redis, partitions)).hasSize(3);
    }

    @Test
    void theSameKeyAnswersTheFirstReservationAndAnotherBodyIsAConflict() {
        var wallet = Wallet.priced().grant("package", "5");
        String first = asOperator().body(wallet.sms("m-1", "hello")).post("/v1/reservations")
                .then().statusCode(201).extract().path("reservationId");
        asOperator().body(wallet.sms("m-1", "hello")).post("/v1/reservations")
                .then().statusCode(201).body("reservationId", equalTo(first)).body("replayed", equalTo(true));
        asOperator().body(wallet.sms("m-1", "something else")).post("/v1/reservations")
                .then().statusCode(409).body("type", endsWith("/idempotency-conflict"));
        assertThat(wallet.balance().getString("held")).isEqualTo("1");
        assertThat(wallet.events(redis, partitions)).hasSize(2);
    }

    @Test
    void aShortBalanceIs402NamingTheLimitAndChangesNothing() {
        var wallet = Wallet.priced().grant("package", "1");
        asOperator().body(wallet.sms("m-1", "a".repeat(200))).post("/v1/reservations")
                .then().statusCode(402)
                .body("type", endsWith("/insufficient-credit"))
                .body("limit", equalTo("balance"))
                .body("available", equalTo(1))
                .body("required", equalTo(2));
        assertThat(wallet.balance().getString("held")).isEqualTo("0");
        assertThat(wallet.events(redis, partitions)).hasSize(1);
    }

    @Test
    void anAllocatedSubAccountSpendsItsAllocationOnly() {
        var wallet = Wallet.priced().grant("package", "10");
        asOperator().body(Map.of("id", "rome", "name", "Rome", "mode", "allocated"))
                .post("/v1/accounts/" + wallet.account + "/sub-accounts").then().statusCode(201);
        asOperator().body(Map.of("idempotencyKey", "a-1", "subAccount", "rome", "amount", "2"))
                .post("/v1/accounts/" + wallet.account + "/allocations")
                .then().statusCode(201).body("allocation", equalTo(2)).body("pool", equalTo(8));
        var sms = new java.util.HashMap<>(wallet.sms("m-1", "a".repeat(400)));
        sms.put("subAccount", "rome");
        asOperator().body(sms).post("/v1/reservations")
                .then().statusCode(402).body("limit", equalTo("allocation"));
        sms.put("text", "hi");
        asOperator().body(sms).post("/v1/reservations").then().statusCode(201).body("available", equalTo(1));
    }

    @Test
    void inboundUseIsNeverRefusedAndGoesIntoDebt() {
        var wallet = Wallet.priced().grant("package", "1");
        asOperator().body(Map.of("idempotencyKey", "in-1", "account", wallet.account, "service", "sms",
                "direction", "inbound", "from", "+393471234567", "text", "a".repeat(300)))
                .post("/v1/usage")
                .then().statusCode(201)
                .body("debtIncurred", equalTo(1))
                .body("debt", equalTo(1))
                .body("overLimit", equalTo(true));
        assertThat(wallet.balance().getString("available")).isEqualTo("-1");
        wallet.grant("package", "5");
        assertThat(wallet.balance().getString("available")).isEqualTo("4");
    }

    @Test
    void anExpiredHoldIsReleasedByTheSweeper() throws InterruptedException {
        var wallet = Wallet.priced().grant("package", "3").settings(Map.of("holdTimeoutSeconds", 1));
        asOperator().body(wallet.sms("m-1", "hello")).post("/v1/reservations").then().statusCode(201);
        var deadline = System.nanoTime() + 10_000_000_000L;
        while (!"0".equals(wallet.balance().getString("held")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(wallet.balance().getString("held")).isEqualTo("0");
        assertThat(wallet.events(redis, partitions)).extracting(e -> e.get("type")).contains("expire");
    }

    @Test
    void anotherTenantsAccountIsForbidden() {
        var mine = Wallet.priced().grant("package", "5");
        var theirs = Wallet.priced().grant("package", "5");
        var key = Api.accountKey(mine.account, "service", List.of());
        as(key).body(theirs.sms("m-1", "hello")).post("/v1/reservations").then().statusCode(403);
        as(key).body(mine.sms("m-1", "hello")).post("/v1/reservations").then().statusCode(201);
        assertThat(theirs.balance().getString("held")).isEqualTo("0");
    }
}
