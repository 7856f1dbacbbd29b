package io.tally.payment;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The application with the http payment provider pointed at {@link FakePaymentApi}, a 1 s timeout. */
public class HttpProviderProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tally.payments.provider", "http",
                "tally.payments.http.url", "http://127.0.0.1:" + FakePaymentApi.port() + "/v1/payment_intents",
                "tally.payments.http.timeout", "1s",
                "tally.payments.http.secret", "sk_test_1");
    }
}
