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
    /** Idle connections, and requests whose headers do not arrive, are closed after this long. */
    public static final int IDLE_SECONDS = 2;
    /** A request body must arrive within this long. */
    public static final int BODY_SECONDS = 1;
    /** Connections the server holds at once. */
    public static final int CONNECTIONS = 40;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.http.idle-timeout", IDLE_SECONDS + "s",
                "tally.http.body-timeout", BODY_SECONDS + "s",
                "quarkus.http.limits.max-connections", String.valueOf(CONNECTIONS),
                "tally.auth.cache-size", String.valueOf(KNOWN_KEYS),
                "tally.auth.failure-limit", String.valueOf(FAILURES),
                "tally.auth.failure-window", "1m",
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true");
    }
}
