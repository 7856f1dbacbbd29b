package io.tally.dashboard;

import static io.restassured.RestAssured.given;
import static io.tally.Api.as;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tally.Api;

/**
 * The dashboard over HTTP (the fast layer): sign-in and its cookie, the session's end with its key, CSRF, the scope
 * of an office admin, and hostile text escaped in every page.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest {
    private String account;
    private String companyKey;
    private String officeKey;

    /** The account, made by the first test (RestAssured knows the port only once a test runs). */
    @BeforeEach
    void hostileAccount() {
        if (account != null) {
            return;
        }
        account = Dashboards.hostileAccount();
        companyKey = Api.accountKey(account, "company-admin", List.of());
        officeKey = Api.accountKey(account, "office-admin", List.of("milan"));
    }

    @Test
    void anAdminsKeyIsExchangedForAStrictHttpOnlyExpiringCookie() {
        var response = Dashboards.postSignIn(companyKey);
        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.getHeader("Location")).endsWith("/dashboard/overview");
        var cookie = response.getDetailedCookie("tally_session");
        assertThat(cookie.getValue()).matches("[A-Za-z0-9_-]{43}");
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualToIgnoringCase("Strict");
        assertThat(cookie.getMaxAge()).isEqualTo(8 * 3600);
        assertThat(cookie.getPath()).isEqualTo("/dashboard");
        assertThat(response.getHeaders().getValues("Set-Cookie")).noneMatch(h -> h.contains(companyKey));
    }

    @Test
    void onlyAccountAdminsSignIn() {
        assertThat(Dashboards.postSignIn(Api.OPERATOR_KEY).statusCode()).isEqualTo(401);
        assertThat(Dashboards.postSignIn(Api.accountKey(account, "service", List.of())).statusCode()).isEqualTo(401);
        assertThat(Dashboards.postSignIn("tally_unknown").statusCode()).isEqualTo(401);
        assertThat(Dashboards.postSignIn(officeKey).statusCode()).isEqualTo(303);
    }

    @Test
    void theSignInFormIsRefusedWithoutItsToken() {
        var response = given().redirects().follow(false).contentType(ContentType.URLENC).formParam("key", companyKey)
                .post("/dashboard/sign-in");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.getCookie("tally_session")).isNull();
    }

    @Test
    void withoutASessionEveryPageGoesToTheSignInPage() {
        for (var page : List.of("/dashboard/overview", "/dashboard/credits", "/dashboard/usage", "/dashboard/alerts",
                "/dashboard/usage/export")) {
            var response = given().redirects().follow(false).get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(303);
            assertThat(response.getHeader("Location")).endsWith("/dashboard/sign-in");
        }
        var forged = given().redirects().follow(false).cookie("tally_session", "x".repeat(43))
                .header("HX-Request", "true").get("/dashboard/overview/spend");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.getHeader("HX-Redirect")).isEqualTo("/dashboard/sign-in");
        assertThat(given().redirects().follow(false).auth().oauth2(companyKey).get("/dashboard/overview").statusCode())
                .as("a bearer key is no session").isEqualTo(303);
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() {
        var session = Dashboards.signIn(companyKey);
        assertThat(session.request().post("/dashboard/alerts/no-such-alert/dismiss").statusCode()).isEqualTo(403);
        assertThat(session.request().header("X-CSRF-Token", "x" + session.csrf())
                .post("/dashboard/alerts/no-such-alert/dismiss").statusCode()).isEqualTo(403);
        assertThat(session.request().post("/dashboard/sign-out").statusCode()).isEqualTo(403);
        assertThat(session.form().post("/dashboard/alerts/no-such-alert/dismiss").statusCode()).isEqualTo(404);
    }

    @Test
    void signingOutEndsTheSession() {
        var session = Dashboards.signIn(companyKey);
        var out = session.form().post("/dashboard/sign-out");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.getHeader("HX-Redirect")).isEqualTo("/dashboard/sign-in");
        assertThat(session.request().get("/dashboard/overview").statusCode()).isEqualTo(303);
    }

    @Test
    void aRevokedKeysSessionEndsAtItsNextRequest() {
        var issued = asOperator().body(Map.of("role", "company-admin")).post("/v1/accounts/" + account + "/keys")
                .then().statusCode(201).extract();
        var session = Dashboards.signIn(issued.<String> path("key"));
        assertThat(session.request().get("/dashboard/overview").statusCode()).isEqualTo(200);
        String id = issued.path("details.id");
        asOperator().delete("/v1/accounts/" + account + "/keys/" + id).then().statusCode(204);
        var after = session.request().get("/dashboard/overview");
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.getHeader("Location")).endsWith("/dashboard/sign-in");
    }

    @Test
    void hostileTextIsEscapedInEveryPage() {
        var session = Dashboards.signIn(companyKey);
        var overview = session.request().get("/dashboard/overview").asString();
        assertThat(overview).doesNotContain(Dashboards.NAME).doesNotContain("<script>window")
                .doesNotContain("<img src=x").contains("&lt;script&gt;window.__pwned=");
        assertThat(overview).contains("&quot;&gt;&lt;img src=x onerror=window.__pwned=");
        var usage = session.request().get("/dashboard/usage").asString();
        assertThat(usage).doesNotContain("<script>window").doesNotContain("<img src=x")
                .contains("&lt;script&gt;window.__pwned=").contains("onerror=window.__pwned=&#39;product&#39;");
        var office = Dashboards.signIn(officeKey).request().get("/dashboard/overview").asString();
        assertThat(office).doesNotContain("<b onmouseover").contains("Milan &lt;b onmouseover=alert(1)&gt;");
        var headers = session.request().get("/dashboard/overview").getHeader("Content-Security-Policy");
        assertThat(headers).contains("script-src 'self'");
    }

    @Test
    void anOfficeAdminSeesItsOfficesOnlyWhateverTheUrlSays() {
        var session = Dashboards.signIn(officeKey);
        var usage = session.request().get("/dashboard/usage").asString();
        assertThat(usage).contains("milan").doesNotContain("Rome&#39;s own");
        assertThat(session.request().queryParam("subAccount", "rome").get("/dashboard/usage").statusCode())
                .isEqualTo(403);
        assertThat(session.request().queryParam("subAccount", "rome").get("/dashboard/usage/export").statusCode())
                .isEqualTo(403);
        var credits = session.request().get("/dashboard/credits").asString();
        assertThat(credits).contains(">milan<").doesNotContain(">rome<").doesNotContain("Wallets");
        var company = Dashboards.signIn(companyKey).request().get("/dashboard/usage").asString();
        assertThat(company).contains("Rome&#39;s own");
    }

    @Test
    void theOverviewShowsTheSpendGraphsDataStatusProductsAndPlaces() {
        var page = Dashboards.signIn(companyKey).request().get("/dashboard/overview").asString();
        assertThat(page).contains("id=\"spend-chart\"").contains("data-period=\"month\"").contains("newsletter")
                .contains(">IT<");
        var quarter = Dashboards.signIn(companyKey).request().queryParam("period", "quarter")
                .get("/dashboard/overview/spend").asString();
        assertThat(quarter).contains("data-period=\"quarter\"").contains("id=\"spend-total\">1<");
    }

    @Test
    void theUsageExportIsTheFileOfTheApi() {
        var session = Dashboards.signIn(companyKey);
        var csv = session.request().queryParam("format", "csv").get("/dashboard/usage/export");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.getHeader("Content-Disposition")).contains("attachment");
        assertThat(csv.asString()).contains("newsletter");
    }

    @Test
    void theCreditsPageReviewsThenBuysAPackageAndListsThePayment() {
        var pkg = "dash-pkg-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        asOperator().body(Map.of("id", pkg, "name", "Starter <b>pack</b>", "price", 1250, "currency", "EUR",
                "credits", "100")).post("/v1/packages").then().statusCode(201);
        asOperator().body(Map.of("idempotencyKey", "g-soon", "kind", "promotional", "amount", "3", "expiresAt",
                java.time.Instant.now().plus(java.time.Duration.ofDays(5)).toString()))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        var session = Dashboards.signIn(companyKey);
        var page = session.request().get("/dashboard/credits").asString();
        assertThat(page).contains("Expiring within 30 days").contains("Starter &lt;b&gt;pack&lt;/b&gt;")
                .contains("value=\"" + pkg + "\"").contains("id=\"recharge-form\"").contains("Payment history");
        assertThat(page.substring(page.indexOf("id=\"expiring-table\""))).contains(">3<");

        var form = Map.of("package", pkg, "paymentMethod", "pm_card");
        assertThat(session.request().contentType(ContentType.URLENC).formParams(form)
                .post("/dashboard/credits/purchase/preview").statusCode()).as("no CSRF token").isEqualTo(403);
        var review = session.form().contentType(ContentType.URLENC).formParams(form)
                .post("/dashboard/credits/purchase/preview");
        assertThat(review.statusCode()).isEqualTo(200);
        assertThat(review.asString()).contains("id=\"review-cost\">12.50 EUR<").contains("Confirm the purchase");
        assertThat(Dashboards.signIn(officeKey).request().get("/dashboard/credits").asString())
                .doesNotContain("id=\"recharge-form\"").doesNotContain("Expiring within");
        var payments = asOperator().get("/v1/accounts/" + account + "/payments").then().statusCode(200).extract()
                .<List<Object>> path("items").size();
        assertThat(payments).as("a preview records nothing").isZero();

        var key = java.util.regex.Pattern.compile("name=\"idempotencyKey\" value=\"([^\"]+)\"")
                .matcher(review.asString());
        assertThat(key.find()).isTrue();
        var bought = session.form().contentType(ContentType.URLENC).formParams(form)
                .formParam("idempotencyKey", key.group(1)).post("/dashboard/credits/purchase");
        assertThat(bought.asString()).contains("id=\"purchase-done\"").contains("100 credits for 12.50 EUR");
        assertThat(session.request().get("/dashboard/credits").asString()).contains(pkg).contains("purchase");
    }

    @Test
    void anOfficeAdminBuysOnlyForItsOfficesAndCannotChangeTheAutoRecharge() {
        var office = Dashboards.signIn(officeKey);
        var other = office.form().contentType(ContentType.URLENC).formParam("package", "any")
                .formParam("paymentMethod", "pm").formParam("subAccount", "rome")
                .post("/dashboard/credits/purchase/preview");
        assertThat(other.statusCode()).isEqualTo(403);
        var own = office.form().contentType(ContentType.URLENC).formParam("package", "any")
                .formParam("paymentMethod", "pm").post("/dashboard/credits/purchase/preview");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.asString()).contains("id=\"purchase-error\"");
        assertThat(office.form().contentType(ContentType.URLENC).formParam("threshold", "5")
                .formParam("amount", "50").formParam("paymentMethod", "pm").post("/dashboard/credits/auto-recharge")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void aCompanyAdminChangesTheAutoRecharge() {
        var session = Dashboards.signIn(companyKey);
        var refused = session.form().contentType(ContentType.URLENC).formParam("threshold", "5")
                .formParam("paymentMethod", "pm_card").post("/dashboard/credits/auto-recharge");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.asString()).contains("id=\"recharge-error\"").contains("amount");
        var saved = session.form().contentType(ContentType.URLENC).formParam("enabled", "on")
                .formParam("threshold", "5").formParam("amount", "50").formParam("paymentMethod", "pm_card")
                .post("/dashboard/credits/auto-recharge");
        assertThat(saved.asString()).contains("id=\"recharge-saved\"").contains("value=\"50\"");
        assertThat(asOperator().get("/v1/accounts/" + account + "/auto-recharge").then().statusCode(200).extract()
                .<Object> path("amount").toString()).isEqualTo("50");
    }

    @Test
    void aRecordsDetailsOpenInThePanelWithinTheCallersOffices() {
        var items = asOperator().get("/v1/accounts/" + account + "/usage").then().statusCode(200).extract()
                .<List<Map<String, Object>>> path("items");
        var milan = items.stream().filter(i -> "milan".equals(i.get("subAccount"))).findFirst().orElseThrow();
        var rome = items.stream().filter(i -> "rome".equals(i.get("subAccount"))).findFirst().orElseThrow();
        var company = Dashboards.signIn(companyKey);
        assertThat(company.request().get("/dashboard/usage").asString())
                .contains("hx-get=\"/dashboard/usage/" + milan.get("id") + "\"");
        var panel = company.request().get("/dashboard/usage/" + milan.get("id"));
        assertThat(panel.statusCode()).isEqualTo(200);
        assertThat(panel.asString()).contains("id=\"record-h\"").contains("Ledger entries")
                .contains("&lt;script&gt;window.__pwned=").doesNotContain("<script>window");
        var office = Dashboards.signIn(officeKey);
        assertThat(office.request().get("/dashboard/usage/" + milan.get("id")).statusCode()).isEqualTo(200);
        assertThat(office.request().get("/dashboard/usage/" + rome.get("id")).statusCode()).isEqualTo(404);
    }

    @Test
    void theOfficesPageShowsEachOfficeAndTheRollUpWithinScope() {
        var company = Dashboards.signIn(companyKey).request().get("/dashboard/offices").asString();
        assertThat(company).contains(">milan<").contains(">rome<").contains("Milan &lt;b onmouseover=alert(1)&gt;")
                .doesNotContain("<b onmouseover").contains("id=\"rollup-table\"");
        assertThat(company.substring(company.indexOf("id=\"rollup-table\""))).contains(">milan<").contains(">rome<");
        var office = Dashboards.signIn(officeKey);
        var own = office.request().get("/dashboard/offices").asString();
        assertThat(own).contains(">milan<").doesNotContain(">rome<");
        assertThat(office.request().queryParam("subAccount", "rome").get("/dashboard/offices").statusCode())
                .isEqualTo(403);
        assertThat(office.request().queryParam("from", "2026-01-10").queryParam("to", "2026-01-01")
                .get("/dashboard/offices").statusCode()).isEqualTo(400);
    }

    @Test
    void theAlertsPageStreamsWithTheSessionAndListsEndpointsToCompanyAdmins() throws Exception {
        as(companyKey).body(Map.of("url", "http://localhost:9/hook")).post("/v1/accounts/" + account
                + "/webhook-endpoints").then().statusCode(201);
        var company = Dashboards.signIn(companyKey);
        var page = company.request().get("/dashboard/alerts").asString();
        assertThat(page).contains("data-stream=\"/dashboard/alerts/stream\"").contains("http://localhost:9/hook")
                .doesNotContain("every 3s");
        assertThat(Dashboards.signIn(officeKey).request().get("/dashboard/alerts").asString())
                .doesNotContain("Webhook endpoints");
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                + io.restassured.RestAssured.port + "/dashboard/alerts/stream"))
                .header("Cookie", "tally_session=" + company.cookie()).header("Accept", "text/event-stream").build();
        var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        try {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        } finally {
            response.body().close();
        }
        assertThat(given().redirects().follow(false).get("/dashboard/alerts/stream").statusCode()).isEqualTo(303);
    }

    @jakarta.inject.Inject
    io.tally.platform.RedisPipes redis;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "tally.ledger.partitions")
    int partitions;

    /**
     * The page's stream resumes as EventSource does after a drop: reconnecting with the last id it saw, it is sent the
     * alert that fired while it was away.
     */
    @Test
    void theAlertStreamResumesAfterADropWithTheLastEventId() throws Exception {
        var own = Api.newAccount();
        var session = Dashboards.signIn(Api.accountKey(own, "company-admin", List.of()));
        var client = java.net.http.HttpClient.newHttpClient();
        var first = open(client, session, null);
        // the stream starts from its newest entry once it has read it: fire until the first alert comes through
        var seen = nextAlert(first, () -> fire(own, "first"));
        assertThat(seen[1]).contains("alert");
        fire(own, "missed");
        var again = open(client, session, seen[0]);
        var missed = nextAlert(again, () -> {
        });
        assertThat(missed[0]).isGreaterThan(seen[0]);
        assertThat(again.statusCode()).isEqualTo(200);
    }

    private static java.net.http.HttpResponse<java.io.InputStream> open(java.net.http.HttpClient client,
            Dashboards.Session session, String last) throws Exception {
        var builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                + io.restassured.RestAssured.port + "/dashboard/alerts/stream"))
                .header("Cookie", "tally_session=" + session.cookie()).header("Accept", "text/event-stream");
        if (last != null) {
            builder.header("Last-Event-ID", last);
        }
        return client.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The id and name of the next alert event of a stream (then the stream is closed), within 20 s. */
    private static String[] nextAlert(java.net.http.HttpResponse<java.io.InputStream> response, Runnable meanwhile)
            throws Exception {
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
                java.nio.charset.StandardCharsets.UTF_8));
        var found = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                String id = null;
                String name = null;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.isEmpty() && "alert".equals(name)) {
                        return new String[] { id, name };
                    } else if (line.isEmpty()) {
                        id = null;
                        name = null;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            String[] event = null;
            for (int i = 0; i < 10 && event == null; i++) {
                meanwhile.run();
                try {
                    event = found.get(2, java.util.concurrent.TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // not yet
                }
            }
            assertThat(event).as("an alert event within 20 s").isNotNull();
            return event;
        } finally {
            response.body().close();
        }
    }

    /** An alert appended to the account's alert stream, as the evaluators append one. */
    private void fire(String own, String rule) {
        var stream = io.tally.ledger.LedgerKeys.tag(io.tally.ledger.Partitions.of(own, partitions)) + ":alerts";
        redis.send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.XADD).arg(stream)
                .arg("*").arg("id").arg("low-balance:" + System.nanoTime() + ":" + rule).arg("type").arg("low-balance")
                .arg("state").arg("firing").arg("account").arg(own).arg("sub").arg("").arg("rule").arg(rule)
                .arg("values").arg("{}").arg("at_ms").arg(Long.toString(java.time.Instant.now().toEpochMilli())))
                .await().atMost(java.time.Duration.ofSeconds(5));
    }
}
