package io.tally.dashboard;

import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.tally.Api;
import io.tally.Eventually;
import io.tally.ledger.LedgerKeys;
import io.tally.ledger.Partitions;
import io.tally.platform.RedisPipes;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;

/**
 * The dashboard in a real browser: Debian's {@code chromium} driven by {@code playwright-core} (Node), the script
 * {@code src/test/e2e/dashboard.mjs}, against this test's gateway. It signs in as a company admin and an office admin,
 * checks the graph is drawn and hostile text shows literally with no script run, filters, exports and reads the file,
 * watches an alert appear after a reservation crosses a threshold, refuses a post without its CSRF token and another
 * office by URL, and sees a revoked key's session end. Screenshots go to {@code target/dashboard/}. Missing chromium or
 * node fails the test: CI has both ({@code apt-get install -y chromium}); {@code npm ci} runs here, first.
 */
@QuarkusTest
class DashboardBrowserTest {
    private static final Path E2E = Path.of("src/test/e2e");
    private static final Path CHROMIUM = Path.of(System.getProperty("tally.chromium", "/usr/bin/chromium"));
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(120);
    private static final String PACKAGE = "dash-e2e-" + java.util.UUID.randomUUID().toString().substring(0, 8);

    @Inject
    RedisPipes redis;

    @ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    @Test
    void anAccountAdminUsesTheDashboardInARealBrowser() throws Exception {
        assertThat(CHROMIUM).as("chromium (apt-get install -y chromium)").isExecutable();
        run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), NPM_TIMEOUT);

        var account = Dashboards.hostileAccount();
        var company = Api.accountKey(account, "company-admin", List.of());
        var office = Api.accountKey(account, "office-admin", List.of("milan"));
        var revoked = asOperator().body(Map.of("role", "company-admin")).post("/v1/accounts/" + account + "/keys")
                .then().statusCode(201).extract();
        asOperator().body(Map.of("type", "low-balance", "threshold", "8"))
                .post("/v1/accounts/" + account + "/alert-rules").then().statusCode(201);
        firingAnomaly(account);
        asOperator().body(Map.of("id", PACKAGE, "name", "Starter", "price", 1250, "currency", "EUR", "credits", "100"))
                .post("/v1/packages").then().statusCode(201);
        String rome = asOperator().get("/v1/accounts/" + account + "/usage?subAccount=rome").then().statusCode(200)
                .extract().path("items[0].id");

        var json = new ObjectMapper();
        var environment = new java.util.HashMap<String, String>(Map.of(
                "BASE_URL", "http://localhost:" + RestAssured.port,
                "SHOTS", Path.of("target/dashboard").toAbsolutePath().toString(),
                "CHROMIUM", CHROMIUM.toString(),
                "COMPANY_KEY", revoked.<String> path("key"),
                "OFFICE_KEY", office,
                "OPERATOR_KEY", Api.OPERATOR_KEY,
                "PACKAGE", PACKAGE,
                "ROME_RECORD", rome));
        environment.putAll(Map.of(
                "REVOKE_PATH", "/v1/accounts/" + account + "/keys/" + revoked.<String> path("details.id"),
                "RESERVATION", json.writeValueAsString(Map.of("idempotencyKey", "cross-1", "account", account,
                        "subAccount", "rome", "service", "sms", "to", "+393471234567", "text", "a".repeat(400))),
                "EXPECTED", json.writeValueAsString(Map.of("name", Dashboards.NAME, "product", Dashboards.PRODUCT,
                        "title", Dashboards.TITLE, "office", Dashboards.OFFICE_NAME))));
        assertThat(company).isNotBlank();
        run(List.of("node", "dashboard.mjs"), environment, BROWSER_TIMEOUT);
    }

    /**
     * A firing spending anomaly whose main cause is the hostile product, appended to the account's alert stream as
     * the hourly evaluator appends one; the history's writer reads it from there.
     */
    private void firingAnomaly(String account) throws IOException {
        var values = new ObjectMapper().writeValueAsString(Map.of("cause", "product", "causeValue",
                Dashboards.PRODUCT, "summary", "+400% from product " + Dashboards.PRODUCT));
        var stream = LedgerKeys.tag(Partitions.of(account, partitions)) + ":alerts";
        var id = "anomaly:" + System.nanoTime() + ":ar_dash";
        redis.send(Request.cmd(Command.XADD).arg(stream).arg("*").arg("id").arg(id).arg("type")
                .arg("spending-anomaly").arg("state").arg("firing").arg("account").arg(account).arg("sub").arg("")
                .arg("rule").arg("ar_dash").arg("values").arg(values).arg("at_ms")
                .arg(Long.toString(Instant.now().toEpochMilli()))).await().atMost(Duration.ofSeconds(5));
        Eventually.await("the anomaly in the history", () -> asOperator()
                .get("/v1/accounts/" + account + "/alerts?type=spending-anomaly").then().statusCode(200).extract()
                .<List<Object>> path("items").size() == 1, Duration.ofSeconds(20));
    }

    /** Runs a command in the e2e folder, its output into this test's; fails on a non-zero exit or the timeout. */
    private static void run(List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).directory(E2E.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        var log = Files.createTempFile("dashboard-e2e", ".log");
        builder.redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is missing (Node 20 and npm are needed)", e);
        }
        boolean done = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        var output = Files.readString(log);
        System.out.println(output);
        assertThat(done).as(String.join(" ", command) + " within " + timeout + ":\n" + output).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
    }
}
