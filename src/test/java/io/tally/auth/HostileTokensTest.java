package io.tally.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.tally.Api;
import io.tally.TightLimits;
import io.tally.platform.Problem;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Bearer tokens that name no key cost no PostgreSQL query when malformed, never push known keys out, and an address
 * that keeps failing is throttled.
 */
@QuarkusTest
@TestProfile(TightLimits.class)
class HostileTokensTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    ApiKeys keys;
    @Inject
    MeterRegistry registry;
    @Inject
    Pool database;

    @Test
    void malformedTokensAreRefusedWithoutALookup() {
        var account = Api.newAccount();
        var valid = Api.accountKey(account, "service", List.of());
        var tokens = List.of("x", "tally_", "not-a-key-at-all-but-long-enough-0123456789",
                "tally_" + "A".repeat(42) + "!", flipOneCharacter(valid), valid + "A", valid.substring(1),
                "tally_" + "A".repeat(500));
        double before = lookups();

        for (int i = 0; i < tokens.size(); i++) {
            var token = tokens.get(i);
            var status = from("198.51.100." + i, token).get("/v1/accounts/" + account).statusCode();
            assertThat(status).as(token).isEqualTo(401);
        }

        assertThat(lookups() - before).isZero();
    }

    @Test
    void keysIssuedBeforeChecksumsStillWork() {
        var account = Api.newAccount();
        var legacy = legacyToken();
        database.preparedQuery("""
                INSERT INTO api_keys (id, key_hash, name, role, account_id, all_accounts, scope_accounts,
                                      scope_sub_accounts, created_at, created_by)
                VALUES ($1, $2, 'legacy', 'service', $3, false, $4, '{}', now(), 'test')""")
                .execute(Tuple.of(ApiKeySecret.newId(RANDOM), ApiKeySecret.hash(legacy), account,
                        new String[] { account }))
                .await().atMost(WAIT);

        from("192.0.2.2", legacy).get("/v1/accounts/" + account)
                .then().statusCode(200);
    }

    @Test
    void unknownKeysNeverPushKnownKeysOutOfTheCache() {
        var account = Api.newAccount();
        var valid = Api.accountKey(account, "service", List.of());
        assertThat(authenticate(valid)).isTrue();
        double before = lookups();

        var unknown = new ArrayList<String>();
        for (int i = 0; i < TightLimits.KNOWN_KEYS + 10; i++) {
            unknown.add(legacyToken());
        }
        for (var token : unknown) {
            assertThat(authenticate(token)).isFalse();
        }
        assertThat(authenticate(valid)).isTrue();

        assertThat(lookups() - before).isEqualTo(unknown.size());
    }

    @Test
    void anUnknownKeyIsLookedUpOnceWhileCached() {
        var token = legacyToken();
        double before = lookups();

        assertThat(authenticate(token)).isFalse();
        assertThat(authenticate(token)).isFalse();

        assertThat(lookups() - before).isEqualTo(1);
    }

    @Test
    void anAddressThatKeepsFailingIsThrottledWithoutLookups() {
        var account = Api.newAccount();
        var valid = Api.accountKey(account, "service", List.of());
        from("192.0.2.20", valid).get("/v1/accounts/" + account).then().statusCode(200); // now known here
        for (int i = 0; i < TightLimits.FAILURES; i++) {
            from("192.0.2.21", legacyToken()).get("/v1/accounts/" + account).then().statusCode(401);
        }
        double before = lookups();

        from("192.0.2.21", legacyToken()).get("/v1/accounts/" + account)
                .then().statusCode(429)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", endsWith("/too-many-failed-authentications"))
                .header("Retry-After", equalTo("12"));
        given().header("X-Forwarded-For", "192.0.2.21").get("/v1/accounts/" + account).then().statusCode(429);
        assertThat(lookups() - before).isZero();

        from("192.0.2.21", valid).get("/v1/accounts/" + account).then().statusCode(200);
        from("192.0.2.22", legacyToken()).get("/v1/accounts/" + account).then().statusCode(401);
    }

    private static RequestSpecification from(String address, String key) {
        return given().header("X-Forwarded-For", address).auth().oauth2(key);
    }

    private boolean authenticate(String secret) {
        return keys.authenticate(secret).await().atMost(WAIT).isPresent();
    }

    private double lookups() {
        return registry.counter(ApiKeys.LOOKUPS).count();
    }

    /** A key in the format issued before keys carried a checksum: {@code tally_} and 32 random bytes. */
    static String legacyToken() {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "tally_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String flipOneCharacter(String key) {
        int at = key.length() / 2;
        char replacement = key.charAt(at) == 'A' ? 'B' : 'A';
        return key.substring(0, at) + replacement + key.substring(at + 1);
    }
}
