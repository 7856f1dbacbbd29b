package io.tally.metering;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenAPI document the gateway serves is the one committed in {@code docs/openapi.yaml}, and it documents the
 * body of every answer of the money endpoints: the view of each 2xx, a problem for each 4xx.
 */
@QuarkusTest
class OpenApiDocumentTest {
    static final Path COMMITTED = Path.of("docs/openapi.yaml");
    static final String WRITE = "tally.openapi.write";

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        var served = given().accept("application/yaml").get("/q/openapi").then().statusCode(200).extract().asString();
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(COMMITTED, served);
        }
        assertThat(Files.exists(COMMITTED) ? Files.readString(COMMITTED) : "")
                .as("docs/openapi.yaml is not what /q/openapi serves; regenerate it with "
                        + "mvn -B -q test -Dtest=OpenApiDocumentTest -D" + WRITE + "=true and commit it")
                .isEqualTo(served);
    }

    @Test
    void everyAnswerOfTheMoneyEndpointsHasADocumentedBody() {
        var document = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract()
                .jsonPath();
        var answers = Map.of(
                "post /v1/reservations", List.of("201", "402", "404", "409", "422"),
                "post /v1/reservations/{id}/commit", List.of("200", "404"),
                "post /v1/reservations/{id}/release", List.of("200", "404"),
                "post /v1/usage", List.of("201", "404", "409", "422"),
                "post /v1/accounts/{account}/grants", List.of("201", "404", "409"),
                "post /v1/accounts/{account}/allocations", List.of("201", "402", "404", "409"),
                "get /v1/accounts/{account}/balance", List.of("200", "404"),
                "post /v1/segments", List.of("200", "404"));
        answers.forEach((endpoint, own) -> {
            var method = endpoint.substring(0, endpoint.indexOf(' '));
            var path = endpoint.substring(endpoint.indexOf(' ') + 1);
            var responses = "paths.'" + path + "'." + method + ".responses";
            var statuses = new ArrayList<>(own);
            statuses.addAll(List.of("400", "401", "403", "429", "503"));
            assertThat(document.getMap(responses)).as(endpoint).containsOnlyKeys(statuses);
            for (var status : statuses) {
                var type = status.startsWith("2") ? "application/json" : "application/problem+json";
                var schema = document.getString(responses + ".'" + status + "'.content.'" + type + "'.schema.$ref");
                assertThat(schema).as(endpoint + " answers " + status + " with a " + type + " body").isNotNull();
                if (!status.startsWith("2")) {
                    assertThat(schema).isEqualTo("#/components/schemas/Problem");
                }
            }
        });
        assertThat(document.getMap("components.schemas.Problem.properties")).containsKeys("type", "title", "status",
                "detail", "field");
    }
}
