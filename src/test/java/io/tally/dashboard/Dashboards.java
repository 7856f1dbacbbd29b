package io.tally.dashboard;

import static io.restassured.RestAssured.given;
import static io.tally.Api.asOperator;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tally.Api;
import io.tally.Eventually;

/** Fixtures of the dashboard's tests: an account full of hostile text, and signing in as a browser does. */
public final class Dashboards {
    /** Values a customer or carrier supplies, each written to break out of text or an attribute. */
    public static final String NAME = "<script>window.__pwned='name'</script>Acme \"><img src=x onerror=\"window.__pwned='img'\">";
    public static final String PRODUCT = "\"><img src=x onerror=window.__pwned='product'>";
    public static final String TITLE = "<script>window.__pwned='title'</script>";
    public static final String OFFICE_NAME = "Milan <b onmouseover=alert(1)>'\"";
    private static final Pattern CSRF = Pattern.compile("X-CSRF-Token\": \"([A-Za-z0-9_-]+)\"");

    private Dashboards() {
    }

    /** A signed-in browser: its session cookie and the CSRF token of its pages. */
    public record Session(String cookie, String csrf) {
        public io.restassured.specification.RequestSpecification request() {
            return given().redirects().follow(false).cookie("tally_session", cookie);
        }

        public io.restassured.specification.RequestSpecification form() {
            return request().header("X-CSRF-Token", csrf);
        }
    }

    /**
     * An account named {@link #NAME} with offices milan (named {@link #OFFICE_NAME}) and rome, SMS rates, 10 credits,
     * and metered uses with a hostile product and title in each office, written to the history.
     */
    public static String hostileAccount() {
        var account = "dash-" + UUID.randomUUID().toString().substring(0, 10);
        asOperator().body(Map.of("id", account, "name", NAME, "timeZone", "Europe/Rome")).post("/v1/accounts")
                .then().statusCode(201);
        asOperator().body(Map.of("id", "milan", "name", OFFICE_NAME)).post("/v1/accounts/" + account + "/sub-accounts")
                .then().statusCode(201);
        asOperator().body(Map.of("id", "rome", "name", "Rome", "monthlyLimit", "5"))
                .post("/v1/accounts/" + account + "/sub-accounts").then().statusCode(201);
        asOperator().body(Map.of("rates", List.of(
                Map.of("service", "SMS", "direction", "outbound", "country", "*", "rate", "0.5"))))
                .put("/v1/accounts/" + account + "/rates").then().statusCode(200);
        asOperator().body(Map.of("idempotencyKey", "g-1", "kind", "package", "amount", "10"))
                .post("/v1/accounts/" + account + "/grants").then().statusCode(201);
        meter(account, "milan", PRODUCT, TITLE, "m-1");
        meter(account, "rome", "newsletter", "Rome's own", "m-2");
        Eventually.await("2 usage records", () -> Api.asOperator().get("/v1/accounts/" + account + "/usage")
                .then().statusCode(200).extract().<List<Object>> path("items").size() == 2, Duration.ofSeconds(20));
        return account;
    }

    public static void meter(String account, String office, String product, String title, String key) {
        var body = new java.util.LinkedHashMap<String, Object>(Map.of("idempotencyKey", key, "account", account,
                "subAccount", office, "service", "sms", "direction", "outbound", "to", "+393471234567", "text", "hello",
                "product", product, "title", title));
        body.put("user", "ann");
        asOperator().body(body).post("/v1/usage").then().statusCode(201);
    }

    /** Signs in with a key as the sign-in form does, or fails the test. */
    public static Session signIn(String key) {
        var response = postSignIn(key);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(303);
        var cookie = response.getCookie("tally_session");
        var page = given().redirects().follow(false).cookie("tally_session", cookie).get("/dashboard/overview");
        assertThat(page.statusCode()).isEqualTo(200);
        var csrf = CSRF.matcher(page.asString());
        assertThat(csrf.find()).as("the page carries its CSRF token").isTrue();
        return new Session(cookie, csrf.group(1));
    }

    /** The sign-in form posted with its token, as a browser would. */
    public static Response postSignIn(String key) {
        var form = given().get("/dashboard/sign-in");
        var token = form.getCookie("tally_sign_in");
        return given().redirects().follow(false).cookie("tally_sign_in", token).contentType(ContentType.URLENC)
                .formParam("form", token).formParam("key", key).post("/dashboard/sign-in");
    }
}
