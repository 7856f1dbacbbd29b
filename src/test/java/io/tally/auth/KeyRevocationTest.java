package io.tally.auth;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;
import io.tally.Eventually;
import io.tally.platform.ConfigChanges;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Revocation reaches every replica's key cache through pub/sub, well before the cache's TTL. */
@QuarkusTest
class KeyRevocationTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    ConfigChanges changes;
    @Inject
    Pool database;

    @Test
    void aRevocationAnnouncedByAnotherReplicaIsHonouredAtOnce() {
        var account = Api.newAccount();
        var key = Api.accountKey(account, "company-admin", List.of());
        Eventually.await("this replica is subscribed", changes::live);
        as(key).get("/v1/accounts/" + account).then().statusCode(200); // now cached here

        // Another replica revokes it: the row changes, this replica still trusts its cached entry...
        database.preparedQuery("UPDATE api_keys SET revoked_at = now() WHERE key_hash = $1")
                .execute(Tuple.of(ApiKeySecret.hash(key))).await().atMost(WAIT);
        as(key).get("/v1/accounts/" + account).then().statusCode(200);

        // ...until the other replica's notice arrives.
        changes.publish(ApiKeys.TOPIC, ApiKeySecret.hash(key)).await().atMost(WAIT);
        Eventually.await("the revoked key is refused",
                () -> as(key).get("/v1/accounts/" + account).statusCode() == 401);
    }

    @Test
    void revokingAKeyAnnouncesItsHashToEveryReplica() {
        var account = Api.newAccount();
        Eventually.await("this replica is subscribed", changes::live);
        var heard = new CopyOnWriteArrayList<String>();
        changes.subscribe(ApiKeys.TOPIC, heard::add, () -> {
        });
        var issued = asOperator().body(Map.of("role", "service")).post("/v1/accounts/" + account + "/keys")
                .then().statusCode(201).extract();
        String secret = issued.path("key");

        asOperator().delete("/v1/accounts/" + account + "/keys/" + issued.path("details.id"))
                .then().statusCode(204);

        Eventually.await("the revocation notice", () -> heard.contains(ApiKeySecret.hash(secret)));
    }

    @Test
    void revokingAgainAnnouncesAgain() {
        var account = Api.newAccount();
        Eventually.await("this replica is subscribed", changes::live);
        var heard = new CopyOnWriteArrayList<String>();
        changes.subscribe(ApiKeys.TOPIC, heard::add, () -> {
        });
        var issued = asOperator().body(Map.of("role", "service")).post("/v1/accounts/" + account + "/keys")
                .then().statusCode(201).extract();
        String hash = ApiKeySecret.hash(issued.path("key"));
        String path = "/v1/accounts/" + account + "/keys/" + issued.path("details.id");

        asOperator().delete(path).then().statusCode(204);
        asOperator().delete(path).then().statusCode(204);

        Eventually.await("two notices", () -> heard.stream().filter(hash::equals).count() == 2);
    }
}
