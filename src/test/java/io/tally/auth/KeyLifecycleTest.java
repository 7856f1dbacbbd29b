package io.tally.auth;

import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

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
class KeyLifecycleTest {
    @Inject
    Pool database;

    @Test
    void anIssuedKeyWorksAtOnceAndIsStoredOnlyAsItsHash() {
        var account = Api.newAccount();
        var issued = asOperator().body(Map.of("role", "company-admin", "name", "ops"))
                .post("/v1/accounts/" + account + "/keys")
                .then().statusCode(201)
                .header("Location", containsString("/v1/accounts/" + account + "/keys/key_"))
                .body("key", startsWith("tally_"))
                .body("details.role", equalTo("company-admin"))
                .extract();
        String secret = issued.path("key");
        String id = issued.path("details.id");

        assertThat(secret.length()).isGreaterThanOrEqualTo(6 + 43);
        as(secret).get("/v1/accounts/" + account).then().statusCode(200).body("id", equalTo(account));
        var stored = database.preparedQuery("SELECT key_hash FROM api_keys WHERE id = $1").execute(Tuple.of(id))
                .await().atMost(Duration.ofSeconds(5)).iterator().next().getString(0);
        assertThat(stored).isEqualTo(ApiKeySecret.hash(secret)).doesNotContain(secret.substring(6));
    }

    @Test
    void listingNeverShowsSecrets() {
        var account = Api.newAccount();
        Api.accountKey(account, "service", List.of());
        asOperator().get("/v1/accounts/" + account + "/keys")
                .then().statusCode(200)
                .body("size()", equalTo(1))
                .body("", everyItem(not(hasKey("key"))))
                .body("[0].role", equalTo("service"));
    }

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        asOperator().body(Map.of("id", "rome", "name", "Rome")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        var office = asOperator().body(Map.of("role", "office-admin", "subAccounts", List.of("rome")))
                .post("/v1/accounts/" + account + "/keys").then().statusCode(201).extract();
        String officeKey = office.path("key");
        as(officeKey).get("/v1/accounts/" + account).then().statusCode(200);

        as(admin).delete("/v1/accounts/" + account + "/keys/" + office.path("details.id")).then().statusCode(204);

        as(officeKey).get("/v1/accounts/" + account).then().statusCode(401).body("type", endsWith("/unauthorized"));
        asOperator().get("/v1/accounts/" + account + "/keys").then().body("find { it.role == 'office-admin' }.revokedAt",
                not(equalTo(null)));
    }

    @Test
    void aCompanyAdminIssuesOfficeAdminKeysOnly() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        as(admin).body(Map.of("role", "company-admin")).post("/v1/accounts/" + account + "/keys")
                .then().statusCode(403);
        as(admin).body(Map.of("role", "service")).post("/v1/accounts/" + account + "/keys")
                .then().statusCode(403);
        as(admin).body(Map.of("role", "office-admin", "subAccounts", List.of("milan")))
                .post("/v1/accounts/" + account + "/keys")
                .then().statusCode(404).body("detail", equalTo("no sub-account milan in " + account));
        asOperator().body(Map.of("id", "milan", "name", "Milan")).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        as(admin).body(Map.of("role", "office-admin", "subAccounts", List.of("milan")))
                .post("/v1/accounts/" + account + "/keys")
                .then().statusCode(201).body("details.subAccounts", equalTo(List.of("milan")));
    }

    @Test
    void aCompanyAdminCannotRevokeOtherKindsOfKey() {
        var account = Api.newAccount();
        var admin = Api.accountKey(account, "company-admin", List.of());
        String serviceId = asOperator().body(Map.of("role", "service")).post("/v1/accounts/" + account + "/keys")
                .then().statusCode(201).extract().path("details.id");
        as(admin).delete("/v1/accounts/" + account + "/keys/" + serviceId).then().statusCode(403);
    }

    @Test
    void anOfficeAdminKeyNeedsSubAccounts() {
        var account = Api.newAccount();
        asOperator().body(Map.of("role", "office-admin")).post("/v1/accounts/" + account + "/keys")
                .then().statusCode(400).body("field", equalTo("subAccounts"));
        asOperator().body(Map.of("role", "office-admin", "subAccounts", List.of("Bad Id")))
                .post("/v1/accounts/" + account + "/keys")
                .then().statusCode(400).body("field", equalTo("subAccounts[0]"));
    }

    @Test
    void aServiceKeyForListedAccountsNamesAnUnknownOne() {
        var account = Api.newAccount();
        asOperator().body(Map.of("role", "service", "accounts", List.of(account, "no-such-account")))
                .post("/v1/keys")
                .then().statusCode(400).body("field", equalTo("accounts[1]"));
    }

    @Test
    void aServiceKeyMustSayWhichAccounts() {
        asOperator().body(Map.of("role", "service")).post("/v1/keys")
                .then().statusCode(400).body("field", equalTo("accounts"));
    }

    @Test
    void anUnknownRoleIsRefused() {
        asOperator().body(Map.of("role", "superuser")).post("/v1/keys")
                .then().statusCode(400).body("field", equalTo("role"));
    }

    @Test
    void keysOfAnUnknownAccountAre404() {
        asOperator().body(Map.of("role", "service")).post("/v1/accounts/no-such-account/keys")
                .then().statusCode(404);
    }

    @Test
    void aMalformedAuthorizationHeaderIs401() {
        io.restassured.RestAssured.given().header("Authorization", "Basic abc").get("/v1/accounts/x")
                .then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
    }
}
