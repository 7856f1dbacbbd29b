package io.tally.platform;

import static io.restassured.RestAssured.given;
import static io.tally.Api.asOperator;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.tally.Api;

@QuarkusTest
class ProblemsTest {
    @Test
    void malformedJsonIsA400Problem() {
        asOperator().body("{\"name\": ").post("/v1/accounts")
                .then().statusCode(400)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", endsWith("/malformed-json"))
                .body("status", equalTo(400));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        asOperator().body("{\"name\": \"x\", \"segmentation\": {\"graphemeSafe\": [1]}}").post("/v1/accounts")
                .then().statusCode(400)
                .body("type", endsWith("/invalid-request"))
                .body("field", equalTo("segmentation.graphemeSafe"));
    }

    @Test
    void anUnknownFieldIsNamed() {
        asOperator().body("{\"name\": \"x\", \"colour\": \"blue\"}").post("/v1/accounts")
                .then().statusCode(400)
                .body("field", equalTo("colour"))
                .body("detail", containsString("unknown field"));
    }

    @Test
    void aRepeatedKeyIsNamedByItsPath() {
        asOperator().body("{\"name\": \"x\", \"segmentation\": {\"languages\": [], \"languages\": [\"turkish\"]}}")
                .post("/v1/accounts")
                .then().statusCode(400)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", endsWith("/invalid-request"))
                .body("field", equalTo("segmentation.languages"))
                .body("detail", equalTo("segmentation.languages: given more than once"));
    }

    @Test
    void aFractionWhereAWholeNumberBelongsIsNamed() {
        asOperator().body("{\"name\": \"x\", \"ledger\": {\"holdTimeoutSeconds\": 1.9}}").post("/v1/accounts")
                .then().statusCode(400)
                .body("field", equalTo("ledger.holdTimeoutSeconds"))
                .body("detail", equalTo("ledger.holdTimeoutSeconds: expected a whole number"));
    }

    @Test
    void dataAfterTheBodyIsMalformed() {
        asOperator().body("{\"name\": \"x\"} {\"name\": \"y\"}").post("/v1/accounts")
                .then().statusCode(400)
                .body("type", endsWith("/malformed-json"))
                .body("detail", startsWith("the body is not valid JSON at line 1, column"));
    }

    @Test
    void aWrongContentTypeIs415() {
        given().auth().oauth2(Api.OPERATOR_KEY).contentType("text/plain").body("name=x").post("/v1/accounts")
                .then().statusCode(415)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", endsWith("/unsupported-media-type"));
    }

    @Test
    void aBodyOverTheLimitIs413() {
        var text = "a".repeat(70 * 1024);
        asOperator().body("{\"name\": \"" + text + "\"}").post("/v1/accounts")
                .then().statusCode(413)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", endsWith("/body-too-large"));
    }

    @Test
    void aMissingBodyIs400() {
        asOperator().post("/v1/accounts")
                .then().statusCode(400)
                .body("type", endsWith("/invalid-request"));
    }

    @Test
    void anUnknownPathIs404Problem() {
        asOperator().get("/v1/nothing-here")
                .then().statusCode(404)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", endsWith("/not-found"));
    }

    @Test
    void aWrongMethodIs405Problem() {
        asOperator().delete("/v1/accounts")
                .then().statusCode(405)
                .contentType(startsWith(Problem.MEDIA_TYPE))
                .body("type", endsWith("/method-not-allowed"));
    }

    @Test
    void aMissingFieldIsNamed() {
        asOperator().body("{\"timeZone\": \"UTC\"}").post("/v1/accounts")
                .then().statusCode(400)
                .body("field", equalTo("name"))
                .body("detail", not(containsString("Exception")));
    }

    @Test
    void anInvalidTimeZoneIsNamed() {
        asOperator().body("{\"name\": \"x\", \"timeZone\": \"Mars/Olympus\"}").post("/v1/accounts")
                .then().statusCode(400)
                .body("field", equalTo("timeZone"));
    }

    @Test
    void anUnknownNationalLanguageIsNamedByIndex() {
        asOperator().body("{\"name\": \"x\", \"segmentation\": {\"languages\": [\"turkish\", \"klingon\"]}}")
                .post("/v1/accounts")
                .then().statusCode(400)
                .body("field", equalTo("segmentation.languages[1]"));
    }
}
