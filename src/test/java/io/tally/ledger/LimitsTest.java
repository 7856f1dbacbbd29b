package io.tally.ledger;

import static io.tally.Api.asOperator;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class LimitsTest {
    @Test
    void aMonthlySpendingLimitStopsASharedSubAccount() {
        var wallet = Wallet.priced().grant("package", "100");
        asOperator().body(Map.of("id", "rome", "name", "Rome", "monthlyLimit", "3"))
                .post("/v1/accounts/" + wallet.account + "/sub-accounts")
                .then().statusCode(201).body("monthlyLimit", equalTo(3));
        var sms = new HashMap<>(wallet.sms("m-1", "a".repeat(200)));
        sms.put("subAccount", "rome");
        asOperator().body(sms).post("/v1/reservations").then().statusCode(201).body("available", equalTo(1));
        sms.put("idempotencyKey", "m-2");
        asOperator().body(sms).post("/v1/reservations")
                .then().statusCode(402).body("limit", equalTo("spending-limit")).body("available", equalTo(1));

        asOperator().body(Map.of("monthlyLimit", "none")).patch("/v1/accounts/" + wallet.account + "/sub-accounts/rome")
                .then().statusCode(200);
        sms.put("idempotencyKey", "m-3");
        asOperator().body(sms).post("/v1/reservations").then().statusCode(201);
    }

    @Test
    void aMalformedLimitIsNamed() {
        var wallet = Wallet.priced();
        asOperator().body(Map.of("id", "rome", "name", "Rome", "monthlyLimit", "lots"))
                .post("/v1/accounts/" + wallet.account + "/sub-accounts")
                .then().statusCode(400).body("field", equalTo("monthlyLimit"));
    }

    @Test
    void inboundUseWithinTheOverdraftLimitIsNotFlagged() {
        var wallet = Wallet.priced().settings(Map.of("overdraftLimit", "5"));
        var inbound = Map.<String, Object> of("idempotencyKey", "in-1", "account", wallet.account, "service", "sms",
                "from", "+393471234567", "text", "hello");
        asOperator().body(inbound).post("/v1/usage")
                .then().statusCode(201).body("debt", equalTo(1)).body("overLimit", equalTo(false));
        asOperator().get("/v1/accounts/" + wallet.account).then().body("ledger.overdraftLimit", equalTo(5));
    }

    @Test
    void aFreeUseIsMeteredAndReservedWithoutMovingCredit() {
        var wallet = Wallet.priced();
        asOperator().body(Map.of("rates", java.util.List.of(
                Map.of("service", "SMS", "direction", "inbound", "country", "*", "rate", "0"),
                Map.of("service", "SMS", "direction", "outbound", "country", "*", "rate", "0"))))
                .put("/v1/accounts/" + wallet.account + "/rates").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "in-1", "account", wallet.account, "service", "sms",
                "from", "+393471234567", "text", "STOP"))
                .post("/v1/usage")
                .then().statusCode(201).body("price.cost", equalTo(0)).body("debt", equalTo(0));
        String id = asOperator().body(wallet.sms("m-1", "hello")).post("/v1/reservations")
                .then().statusCode(201).body("charges.size()", equalTo(0)).extract().path("reservationId");
        asOperator().post("/v1/reservations/" + id + "/commit").then().statusCode(200).body("committed", equalTo(0));
    }
}
