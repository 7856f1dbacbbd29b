package io.tally.ledger;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.platform.RedisPipes;

/**
 * A default rate prices numbers that are not valid E.164 ones, but {@code to} and {@code from} must still be a
 * line of text: empty, blank or multi-line values are refused, naming the field, and nothing is stored.
 */
@QuarkusTest
class NumberFieldsTest {
    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "\t", "+39347\n1234567", "+393471234567\r\n", "+39\u0000347" })
    void anOutboundToThatIsNoLineOfTextIsRefused(String to) {
        var wallet = Wallet.priced().grant("package", "10");
        int events = wallet.events(redis, partitions).size();

        asOperator().body(Map.of("idempotencyKey", "m-" + UUID.randomUUID(), "account", wallet.account,
                "service", "sms", "to", to, "text", "hello"))
                .post("/v1/reservations")
                .then().statusCode(400).body("field", equalTo("to"));

        assertThat(wallet.events(redis, partitions)).hasSize(events);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "+39347\n1234567" })
    void anInboundFromThatIsNoLineOfTextIsRefused(String from) {
        var wallet = Wallet.priced().grant("package", "10");
        int events = wallet.events(redis, partitions).size();

        asOperator().body(Map.of("idempotencyKey", "in-" + UUID.randomUUID(), "account", wallet.account,
                "service", "sms", "direction", "inbound", "from", from, "text", "STOP"))
                .post("/v1/usage")
                .then().statusCode(400).body("field", equalTo("from"));

        assertThat(wallet.events(redis, partitions)).hasSize(events);
    }
}
