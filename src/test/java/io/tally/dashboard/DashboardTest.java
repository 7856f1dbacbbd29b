package io.tally.dashboard;

import static io.restassured.RestAssured.given;
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
}
