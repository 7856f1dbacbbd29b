package io.tally.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

@QuarkusTest
class OperationsTest {
    @Inject
    RedisPipes pipes;

    @Test
    void readinessCoversRedisAndTheUsageWritersLagButNotPostgres() {
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(containsString("Redis"), equalTo("usage-writer")))
                .body("checks.name", not(hasItem(containsString("PostgreSQL"))))
                .body("checks.find { it.name == 'usage-writer' }.data.lagSeconds", notNullValue());
    }

    /** PING answers at maxmemory: readiness must try a write to see that Redis refuses every money movement. */
    @Test
    void readinessIsDownWhileRedisRefusesWrites() {
        try {
            redis(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("1"));
            given().get("/q/health/ready")
                    .then().statusCode(503)
                    .body("checks.find { it.name == 'redis-writes' }.status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'redis-writes' }.data.kind", equalTo("refusing-writes"));
        } finally {
            redis(Request.cmd(Command.CONFIG).arg("SET").arg("maxmemory").arg("0"));
        }
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'redis-writes' }.status", equalTo("UP"));
    }

    private void redis(Request request) {
        pipes.send(request).await().atMost(Duration.ofSeconds(10));
    }

    /** The limits SlowClientTest proves with small values are on by default, at values a deployment can live with. */
    @Test
    void connectionsAreBoundedInTimeAndNumberByDefault() {
        var config = ConfigProvider.getConfig();
        assertThat(config.getValue("quarkus.http.idle-timeout", Duration.class)).isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(config.getValue("tally.http.body-timeout", Duration.class)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(config.getOptionalValue("quarkus.http.limits.max-connections", Integer.class)).isPresent();
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsArePrometheusText() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    /** Each Redis client of ours reports under its own name: two of one name would share, and fight over, gauges. */
    @Test
    void metricsNameTheHotPathsAndTheUsageWritersRedisClients() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("redis_hot_path_"), containsString("redis_usage_writer_"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v1/accounts"));
    }

    @Test
    void openApiDescribesCreditAmountsAsNumbers() {
        given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("components.schemas.CreditAmount.type", equalTo("number"));
    }
}
