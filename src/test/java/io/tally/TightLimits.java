package io.tally;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Small limits for the tests of hostile clients, so that they hit the limits in a few requests and seconds. The
 * client address is taken from {@code X-Forwarded-For} here, so that each test is a client of its own.
 */
public class TightLimits implements QuarkusTestProfile {
    /** Known keys a replica keeps. */
    public static final int KNOWN_KEYS = 30;
    /** Failed authentications an address may make in a minute. */
    public static final int FAILURES = 5;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tally.auth.cache-size", String.valueOf(KNOWN_KEYS),
                "tally.auth.failure-limit", String.valueOf(FAILURES),
                "tally.auth.failure-window", "1m",
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true");
    }
}
