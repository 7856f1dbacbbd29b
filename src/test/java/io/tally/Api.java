package io.tally;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Fixture builders for HTTP tests: accounts and keys made through the API itself. */
public final class Api {
    /** The bootstrap operator key of the test profile (application.properties). */
    public static final String OPERATOR_KEY = "test-operator-key-0123456789abcdefghij";

    private Api() {
    }

    public static RequestSpecification as(String key) {
        return given().auth().oauth2(key).contentType(ContentType.JSON);
    }

    public static RequestSpecification asOperator() {
        return as(OPERATOR_KEY);
    }

    public static String newAccount() {
        var id = "acct-" + UUID.randomUUID().toString().substring(0, 12);
        asOperator().body(Map.of("id", id, "name", "Account " + id, "timeZone", "Europe/Rome"))
                .post("/v1/accounts").then().statusCode(201);
        return id;
    }

    /** A key of the account; the sub-accounts an office-admin key names are created when missing. */
    public static String accountKey(String account, String role, List<String> subAccounts) {
        for (var sub : subAccounts) {
            asOperator().body(Map.of("id", sub, "name", sub)).post("/v1/accounts/" + account + "/sub-accounts")
                    .then().statusCode(org.hamcrest.Matchers.oneOf(201, 409));
        }
        var body = subAccounts.isEmpty()
                ? Map.<String, Object> of("role", role, "name", role + " key")
                : Map.<String, Object> of("role", role, "name", role + " key", "subAccounts", subAccounts);
        return asOperator().body(body).post("/v1/accounts/" + account + "/keys")
                .then().statusCode(201).extract().path("key");
    }

    public static String deploymentKey(Map<String, Object> body) {
        return asOperator().body(body).post("/v1/keys").then().statusCode(201).extract().path("key");
    }
}
