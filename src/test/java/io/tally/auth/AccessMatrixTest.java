package io.tally.auth;

import static io.tally.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tally.Api;
import io.tally.dashboard.Dashboards;

/**
 * Every endpoint against every kind of caller: the roles and scopes each endpoint admits. An endpoint added
 * without a row here, or without {@link Allowed}, fails this test.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {
    private static final List<String> CALLERS = List.of(
            "operator", "service-all", "service-A", "service-B", "company-admin-A", "company-admin-B",
            "office-admin-A", "no-key", "unknown-key");

    /** An expected status meaning "admitted": anything but 401 and 403 (the outcome depends on credits, rates...). */
    private static final int IN = 0;

    /** Expected statuses, in the order of {@link #CALLERS}. */
    private record Row(String endpoint, BiFunction<AccessMatrixTest, String, Response> call, int... expected) {
    }

    private static final String GENERIC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final Map<String, String> keys = new LinkedHashMap<>();
    private String a;
    private String b;
    /** A package of the catalogue. */
    private String pkg;

    private final List<Row> rows = List.of(
            new Row("POST /v1/accounts", (t, key) -> t.request(key).body(Map.of("name", "new")).post("/v1/accounts"),
                    201, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}", (t, key) -> t.request(key).get("/v1/accounts/" + t.a),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("PATCH /v1/accounts/{account}",
                    (t, key) -> t.request(key).body(Map.of("name", "renamed")).patch("/v1/accounts/" + t.a),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("POST /v1/keys",
                    (t, key) -> t.request(key).body(Map.of("role", "service", "allAccounts", true)).post("/v1/keys"),
                    201, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/accounts/{account}/keys",
                    (t, key) -> t.request(key).body(Map.of("role", "office-admin", "subAccounts", List.of("rome")))
                            .post("/v1/accounts/" + t.a + "/keys"),
                    201, 403, 403, 403, 201, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/keys", (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/keys"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("DELETE /v1/accounts/{account}/keys/{key}",
                    (t, key) -> t.request(key).delete("/v1/accounts/" + t.a + "/keys/" + t.officeKeyId()),
                    204, 403, 403, 403, 204, 403, 403, 401, 401),
            new Row("POST /v1/accounts/{account}/sub-accounts",
                    (t, key) -> t.request(key).body(Map.of("id", "o-" + UUID.randomUUID().toString().substring(0, 8),
                            "name", "office")).post("/v1/accounts/" + t.a + "/sub-accounts"),
                    201, 403, 403, 403, 201, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/sub-accounts",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/sub-accounts"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/sub-accounts/{sub}",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/sub-accounts/milan"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("PATCH /v1/accounts/{account}/sub-accounts/{sub}",
                    (t, key) -> t.request(key).body(Map.of("name", "Milano"))
                            .patch("/v1/accounts/" + t.a + "/sub-accounts/milan"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("POST /v1/reservations", (t, key) -> t.request(key).body(t.sms()).post("/v1/reservations"),
                    IN, IN, IN, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/reservations/{id}/commit",
                    (t, key) -> t.request(key).post("/v1/reservations/r." + t.a + ".unknown/commit"),
                    IN, IN, IN, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/reservations/{id}/release",
                    (t, key) -> t.request(key).post("/v1/reservations/r." + t.a + ".unknown/release"),
                    IN, IN, IN, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/reservations/{id}/dispatch",
                    (t, key) -> t.request(key).body(Map.of("carrier", "twilio", "messageId", "SM1"))
                            .post("/v1/reservations/r." + t.a + ".unknown/dispatch"),
                    IN, IN, IN, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/receipt-policy",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/receipt-policy"),
                    200, 200, 200, 403, 200, 403, 403, 401, 401),
            new Row("PUT /v1/accounts/{account}/receipt-policy",
                    (t, key) -> t.request(key).body(Map.of("sent", "none"))
                            .put("/v1/accounts/" + t.a + "/receipt-policy"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("GET /v1/receipts/unmatched", (t, key) -> t.request(key).get("/v1/receipts/unmatched"),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/usage", (t, key) -> t.request(key).body(t.sms()).post("/v1/usage"),
                    IN, IN, IN, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/accounts/{account}/grants",
                    (t, key) -> t.request(key).body(Map.of("idempotencyKey", UUID.randomUUID().toString(),
                            "kind", "package", "amount", "1")).post("/v1/accounts/" + t.a + "/grants"),
                    IN, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/accounts/{account}/allocations",
                    (t, key) -> t.request(key).body(Map.of("idempotencyKey", UUID.randomUUID().toString(),
                            "subAccount", "milan", "amount", "1")).post("/v1/accounts/" + t.a + "/allocations"),
                    IN, 403, 403, 403, IN, 403, 403, 401, 401),
            // company admins only where the operator set ledger.adjustmentsByAdmins (AdjustmentFlowTest); not here
            new Row("POST /v1/accounts/{account}/adjustments",
                    (t, key) -> t.request(key).body(Map.of("idempotencyKey", UUID.randomUUID().toString(),
                            "type", "credit", "amount", "1", "reason", "matrix")).post("/v1/accounts/" + t.a + "/adjustments"),
                    IN, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/balance",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/balance"),
                    IN, IN, IN, 403, IN, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/sub-accounts/{sub}/balance",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/sub-accounts/milan/balance"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/usage",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/usage"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/usage/{recordId}",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/usage/no-such-record"),
                    404, 404, 404, 403, 404, 403, 404, 401, 401),
            new Row("GET /v1/accounts/{account}/ledger",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/ledger"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/usage/export",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/usage/export"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/ledger/export",
                    (t, key) -> t.request(key).queryParam("format", "xlsx").get("/v1/accounts/" + t.a + "/ledger/export"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/reports/usage",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/reports/usage"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/reports/cumulative",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/reports/cumulative"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/reports/breakdown",
                    (t, key) -> t.request(key).queryParam("by", "product")
                            .get("/v1/accounts/" + t.a + "/reports/breakdown"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/reports/breakdown/export",
                    (t, key) -> t.request(key).queryParam("by", "country").queryParam("format", "xlsx")
                            .get("/v1/accounts/" + t.a + "/reports/breakdown/export"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/reports/plan-usage",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/reports/plan-usage"),
                    IN, IN, IN, 403, IN, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/reports/credit-status",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/reports/credit-status"),
                    IN, IN, IN, 403, IN, 403, IN, 401, 401),
            new Row("POST /v1/accounts/{account}/reports/rebuild",
                    (t, key) -> t.request(key).post("/v1/accounts/" + t.a + "/reports/rebuild"),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/statements/{period}",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/statements/2026-11"),
                    200, 200, 200, 403, 200, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/statements/{period}/html",
                    (t, key) -> t.request(key).queryParam("subAccount", "milan")
                            .get("/v1/accounts/" + t.a + "/statements/2026-11/html"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/statements/{period}/csv",
                    (t, key) -> t.request(key).queryParam("subAccount", "milan")
                            .get("/v1/accounts/" + t.a + "/statements/2026-W45/csv"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("PUT /v1/accounts/{account}/statement-schedule",
                    (t, key) -> t.request(key).body(Map.of("frequency", "monthly", "recipients",
                            List.of("billing@example.com"))).put("/v1/accounts/" + t.a + "/statement-schedule"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/statement-schedule",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/statement-schedule"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("DELETE /v1/accounts/{account}/statement-schedule",
                    (t, key) -> t.request(key).delete("/v1/accounts/" + t.a + "/statement-schedule"),
                    IN, 403, 403, 403, IN, 403, 403, 401, 401),
            new Row("PUT /v1/accounts/{account}/auto-recharge",
                    (t, key) -> t.request(key).body(Map.of("threshold", "5", "amount", "20", "paymentMethod", "pm_1"))
                            .put("/v1/accounts/" + t.a + "/auto-recharge"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/auto-recharge",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/auto-recharge"),
                    IN, 403, 403, 403, IN, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/payments",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/payments"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("POST /v1/packages",
                    (t, key) -> t.request(key).body(t.pkg(newPackageId())).post("/v1/packages"),
                    201, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/packages", (t, key) -> t.request(key).get("/v1/packages"),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/packages/{package}", (t, key) -> t.request(key).get("/v1/packages/" + t.pkg),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("PUT /v1/packages/{package}",
                    (t, key) -> t.request(key).body(t.pkg(t.pkg)).put("/v1/packages/" + t.pkg),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("DELETE /v1/packages/{package}",
                    (t, key) -> t.request(key).delete("/v1/packages/" + t.newPackage()),
                    204, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/packages",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/packages"),
                    200, 403, 403, 403, 200, 403, 200, 401, 401),
            new Row("POST /v1/accounts/{account}/purchases",
                    (t, key) -> t.request(key).body(Map.of("idempotencyKey", UUID.randomUUID().toString(),
                            "package", t.pkg, "paymentMethod", "pm_1")).post("/v1/accounts/" + t.a + "/purchases"),
                    403, 403, 403, 403, 201, 403, IN, 401, 401),
            new Row("POST /v1/accounts/{account}/alert-rules",
                    (t, key) -> t.request(key).body(Map.of("type", "recharge"))
                            .post("/v1/accounts/" + t.a + "/alert-rules"),
                    201, 403, 403, 403, 201, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/alert-rules",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/alert-rules"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/alert-rules/{rule}",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/alert-rules/ar_none"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("PATCH /v1/accounts/{account}/alert-rules/{rule}",
                    (t, key) -> t.request(key).body(Map.of("enabled", false))
                            .patch("/v1/accounts/" + t.a + "/alert-rules/ar_none"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("DELETE /v1/accounts/{account}/alert-rules/{rule}",
                    (t, key) -> t.request(key).delete("/v1/accounts/" + t.a + "/alert-rules/ar_none"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/alerts",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/alerts"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("POST /v1/accounts/{account}/alerts/{alert}/dismiss",
                    (t, key) -> t.request(key).post("/v1/accounts/" + t.a + "/alerts/no-such-alert/dismiss"),
                    404, 403, 403, 403, 404, 403, 404, 401, 401),
            // a bad Last-Event-ID is answered at once (400) after the scope check, so no stream is left open here
            new Row("GET /v1/accounts/{account}/alerts/stream",
                    (t, key) -> t.request(key).queryParam("lastEventId", "x")
                            .get("/v1/accounts/" + t.a + "/alerts/stream"),
                    400, 400, 400, 403, 400, 403, 400, 401, 401),
            new Row("GET /v1/accounts/{account}/reconciliation",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/reconciliation"),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/accounts/{account}/rebuild",
                    (t, key) -> t.request(key).post("/v1/accounts/" + t.a + "/rebuild"),
                    IN, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/ledger/restore", (t, key) -> t.request(key).post("/v1/ledger/restore"),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("POST /v1/segments",
                    (t, key) -> t.request(key).body(Map.of("text", "hello")).post("/v1/segments"),
                    200, 200, 200, 200, 200, 200, 200, 401, 401),
            new Row("GET /v1/rates", (t, key) -> t.request(key).get("/v1/rates"),
                    200, 200, 200, 200, 200, 200, 200, 401, 401),
            new Row("PUT /v1/rates", (t, key) -> t.request(key).body(t.defaultCard()).put("/v1/rates"),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/services", (t, key) -> t.request(key).get("/v1/services"),
                    200, 200, 200, 200, 200, 200, 200, 401, 401),
            new Row("GET /v1/services/{service}", (t, key) -> t.request(key).get("/v1/services/sms"),
                    200, 200, 200, 200, 200, 200, 200, 401, 401),
            new Row("PUT /v1/services/{service}",
                    (t, key) -> t.request(key).body(Map.of("name", "Textbot", "category", "ai", "unit", "item"))
                            .put("/v1/services/textbot-matrix"),
                    IN, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/rates",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/rates"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("POST /v1/accounts/{account}/carrier-connections",
                    (t, key) -> t.request(key).body(Map.of("carrier", "generic", "secret", GENERIC_SECRET))
                            .post("/v1/accounts/" + t.a + "/carrier-connections"),
                    201, 403, 403, 403, 201, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/carrier-connections",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/carrier-connections"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/carrier-connections/{connection}",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/carrier-connections/cc-none"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("DELETE /v1/accounts/{account}/carrier-connections/{connection}",
                    (t, key) -> t.request(key).delete("/v1/accounts/" + t.a + "/carrier-connections/cc-none"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("POST /v1/accounts/{account}/webhook-endpoints",
                    (t, key) -> t.request(key).body(Map.of("url", "http://localhost:9/hook"))
                            .post("/v1/accounts/" + t.a + "/webhook-endpoints"),
                    201, 403, 403, 403, 201, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/webhook-endpoints",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/webhook-endpoints"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/webhook-endpoints/{endpoint}",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/webhook-endpoints/we_none"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("PATCH /v1/accounts/{account}/webhook-endpoints/{endpoint}",
                    (t, key) -> t.request(key).body(Map.of("enabled", true))
                            .patch("/v1/accounts/" + t.a + "/webhook-endpoints/we_none"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("DELETE /v1/accounts/{account}/webhook-endpoints/{endpoint}",
                    (t, key) -> t.request(key).delete("/v1/accounts/" + t.a + "/webhook-endpoints/we_none"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("POST /v1/accounts/{account}/webhook-endpoints/{endpoint}/rotate-secret",
                    (t, key) -> t.request(key).post("/v1/accounts/" + t.a + "/webhook-endpoints/we_none/rotate-secret"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/webhook-endpoints/{endpoint}/deliveries",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/webhook-endpoints/we_none/deliveries"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("POST /v1/accounts/{account}/webhook-endpoints/{endpoint}/deliveries/{delivery}/redeliver",
                    (t, key) -> t.request(key)
                            .post("/v1/accounts/" + t.a + "/webhook-endpoints/we_none/deliveries/wd_none/redeliver"),
                    404, 403, 403, 403, 404, 403, 403, 401, 401),
            new Row("PUT /v1/accounts/{account}/numbers",
                    (t, key) -> t.request(key).body(Map.of("numbers", List.of()))
                            .put("/v1/accounts/" + t.a + "/numbers"),
                    200, 403, 403, 403, 200, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/numbers",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/numbers"),
                    200, 200, 200, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/fees", (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/fees"),
                    200, 403, 403, 403, 200, 403, 200, 401, 401),
            new Row("GET /v1/accounts/{account}/fees/{fee}",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/fees/matrix"),
                    IN, 403, 403, 403, IN, 403, IN, 401, 401),
            new Row("PUT /v1/accounts/{account}/fees/{fee}",
                    (t, key) -> t.request(key).body(Map.of("name", "Matrix", "kind", "other", "service", "SMS",
                            "amount", "1", "quantity", 1)).put("/v1/accounts/" + t.a + "/fees/matrix"),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("DELETE /v1/accounts/{account}/fees/{fee}",
                    (t, key) -> t.request(key).delete("/v1/accounts/" + t.a + "/fees/matrix-ended"),
                    IN, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("GET /v1/accounts/{account}/fees/{fee}/charges",
                    (t, key) -> t.request(key).get("/v1/accounts/" + t.a + "/fees/matrix/charges"),
                    IN, 403, 403, 403, IN, 403, IN, 401, 401),
            new Row("GET /v1/unmatched-inbound", (t, key) -> t.request(key).get("/v1/unmatched-inbound"),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            new Row("PUT /v1/accounts/{account}/rates",
                    (t, key) -> t.request(key).body(Map.of("rates", List.of(Map.of("service", "SMS",
                            "direction", "outbound", "country", "*", "rate", "0.05"))))
                            .put("/v1/accounts/" + t.a + "/rates"),
                    200, 403, 403, 403, 403, 403, 403, 401, 401),
            // the dashboard: only account admins sign in; without a session a page goes to the sign-in page (303)
            new Row("GET /dashboard", (t, key) -> t.page(key).get("/dashboard"),
                    303, 303, 303, 303, 303, 303, 303, 303, 303),
            new Row("GET /dashboard/overview", (t, key) -> t.page(key).get("/dashboard/overview"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            new Row("GET /dashboard/overview/spend",
                    (t, key) -> t.page(key).queryParam("period", "year").get("/dashboard/overview/spend"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            new Row("POST /dashboard/alerts/{alert}/dismiss",
                    (t, key) -> t.page(key).post("/dashboard/alerts/no-such-alert/dismiss"),
                    303, 303, 303, 303, 404, 404, 404, 303, 303),
            new Row("GET /dashboard/credits", (t, key) -> t.page(key).get("/dashboard/credits"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            new Row("GET /dashboard/usage", (t, key) -> t.page(key).get("/dashboard/usage"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            new Row("GET /dashboard/usage/rows",
                    (t, key) -> t.page(key).queryParam("subAccount", "milan").get("/dashboard/usage/rows"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            new Row("GET /dashboard/usage/export",
                    (t, key) -> t.page(key).queryParam("subAccount", "rome").get("/dashboard/usage/export"),
                    303, 303, 303, 303, 200, 200, 403, 303, 303),
            new Row("POST /dashboard/credits/purchase/preview",
                    (t, key) -> t.page(key).contentType("application/x-www-form-urlencoded")
                            .formParam("package", t.pkg).formParam("paymentMethod", "pm_test")
                            .post("/dashboard/credits/purchase/preview"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            // a package not in the catalogue: refused in the form (200), nothing bought
            new Row("POST /dashboard/credits/purchase",
                    (t, key) -> t.page(key).contentType("application/x-www-form-urlencoded")
                            .formParam("package", "no-such-package").formParam("paymentMethod", "pm_test")
                            .formParam("idempotencyKey", "am-" + UUID.randomUUID())
                            .post("/dashboard/credits/purchase"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            // no threshold: refused in the form (200) for company admins, an office admin's scope refused first
            new Row("POST /dashboard/credits/auto-recharge",
                    (t, key) -> t.page(key).contentType("application/x-www-form-urlencoded")
                            .formParam("paymentMethod", "pm_test").post("/dashboard/credits/auto-recharge"),
                    303, 303, 303, 303, 200, 200, 403, 303, 303),
            new Row("GET /dashboard/credits/payments", (t, key) -> t.page(key).get("/dashboard/credits/payments"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            new Row("GET /dashboard/usage/{record}", (t, key) -> t.page(key).get("/dashboard/usage/ur_no_such"),
                    303, 303, 303, 303, 404, 404, 404, 303, 303),
            new Row("GET /dashboard/offices",
                    (t, key) -> t.page(key).queryParam("subAccount", "rome").get("/dashboard/offices"),
                    303, 303, 303, 303, 200, 404, 403, 303, 303),
            // a malformed Last-Event-ID is refused before the stream opens (an open stream never ends)
            new Row("GET /dashboard/alerts/stream",
                    (t, key) -> t.page(key).header("Last-Event-ID", "x").get("/dashboard/alerts/stream"),
                    303, 303, 303, 303, 400, 400, 400, 303, 303),
            new Row("GET /dashboard/alerts", (t, key) -> t.page(key).get("/dashboard/alerts"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            new Row("GET /dashboard/alerts/list", (t, key) -> t.page(key).get("/dashboard/alerts/list"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303),
            new Row("POST /dashboard/sign-out", (t, key) -> t.page(key, true).post("/dashboard/sign-out"),
                    303, 303, 303, 303, 200, 200, 200, 303, 303));

    /** A field of a settings body, and whether only operators may set it. */
    private record FieldRow(String endpoint, String field, Function<AccessMatrixTest, Map<String, Object>> body,
            boolean operatorOnly) {
    }

    private static final String PATCH_ACCOUNT = "PATCH /v1/accounts/{account}";
    private static final String POST_SUB_ACCOUNT = "POST /v1/accounts/{account}/sub-accounts";
    private static final String PATCH_SUB_ACCOUNT = "PATCH /v1/accounts/{account}/sub-accounts/{sub}";

    /** Every field of the settings bodies that a role other than operator may send: the rules of docs/api.md. */
    private final List<FieldRow> fields = List.of(
            account("id", t -> Map.of("id", t.a), false),
            account("name", t -> Map.of("name", "renamed"), false),
            account("timeZone", t -> Map.of("timeZone", "Europe/Rome"), false),
            account("segmentation.graphemeSafe", t -> Map.of("segmentation", Map.of("graphemeSafe", true)), false),
            account("segmentation.languages", t -> Map.of("segmentation", Map.of("languages", List.of("turkish"))),
                    false),
            account("segmentation.languagesByDestination",
                    t -> Map.of("segmentation", Map.of("languagesByDestination", false)), false),
            account("billingCycle.anchor",
                    t -> Map.of("billingCycle", Map.of("anchor", "2026-01-31T00:00:00Z")), false),
            account("billingCycle.period", t -> Map.of("billingCycle", Map.of("period", "yearly")), false),
            account("billingCycle.limitMonths", t -> Map.of("billingCycle", Map.of("limitMonths", "billing")), false),
            account("spendingLimit.amount", t -> Map.of("spendingLimit", Map.of("amount", "1000")), false),
            account("spendingLimit.period", t -> Map.of("spendingLimit", Map.of("amount", "1000", "period", "week")),
                    false),
            account("ledger", t -> Map.of("ledger", Map.of()), true),
            account("ledger.burnPreset", t -> ledger("burnPreset", "subscription-first"), true),
            account("ledger.kindOrder", t -> ledger("kindOrder", List.of("package")), true),
            account("ledger.expiryOrder", t -> ledger("expiryOrder", "non-expiring-first"), true),
            account("ledger.overdraftLimit", t -> ledger("overdraftLimit", "1000000000"), true),
            account("ledger.holdTimeoutSeconds", t -> ledger("holdTimeoutSeconds", 604800), true),
            account("ledger.expiredHolds", t -> ledger("expiredHolds", "commit"), true),
            account("ledger.extendExpiryOnPurchase", t -> ledger("extendExpiryOnPurchase", true), true),
            // false: the adjustments row expects account A's company admin refused, whatever order rows run in
            account("ledger.adjustmentsByAdmins", t -> ledger("adjustmentsByAdmins", false), true),
            newSubAccount("id", Map.of()),
            newSubAccount("name", Map.of()),
            newSubAccount("kind", Map.of("kind", "list")),
            newSubAccount("mode", Map.of("mode", "allocated")),
            newSubAccount("fallbackToPool", Map.of("mode", "allocated", "fallbackToPool", true)),
            newSubAccount("monthlyLimit", Map.of("monthlyLimit", "200")),
            newSubAccount("limitPeriod", Map.of("monthlyLimit", "200", "limitPeriod", "day")),
            subAccount("id", Map.of("id", "rome")),
            subAccount("name", Map.of("name", "Roma")),
            subAccount("kind", Map.of("kind", "agency")),
            subAccount("mode", Map.of("mode", "allocated")),
            subAccount("fallbackToPool", Map.of("fallbackToPool", true)),
            subAccount("monthlyLimit", Map.of("monthlyLimit", "1000000000")),
            subAccount("limitPeriod", Map.of("limitPeriod", "month")));

    private static FieldRow account(String field, Function<AccessMatrixTest, Map<String, Object>> body,
            boolean operatorOnly) {
        return new FieldRow(PATCH_ACCOUNT, field, body, operatorOnly);
    }

    private static Map<String, Object> ledger(String field, Object value) {
        return Map.of("ledger", Map.of(field, value));
    }

    private static FieldRow newSubAccount(String field, Map<String, Object> body) {
        return new FieldRow(POST_SUB_ACCOUNT, field, t -> {
            var created = new LinkedHashMap<String, Object>(body);
            created.put("id", "o-" + UUID.randomUUID().toString().substring(0, 8));
            created.put("name", "office");
            return created;
        }, false);
    }

    private static FieldRow subAccount(String field, Map<String, Object> body) {
        return new FieldRow(PATCH_SUB_ACCOUNT, field, t -> body, false);
    }

    private Response send(FieldRow row, String key) {
        var request = request(key).body(row.body().apply(this));
        return switch (row.endpoint()) {
            case PATCH_ACCOUNT -> request.patch("/v1/accounts/" + a);
            case POST_SUB_ACCOUNT -> request.post("/v1/accounts/" + a + "/sub-accounts");
            case PATCH_SUB_ACCOUNT -> request.patch("/v1/accounts/" + a + "/sub-accounts/rome");
            default -> throw new IllegalArgumentException(row.endpoint());
        };
    }

    private void issueKeys() {
        if (a != null) {
            return;
        }
        a = Api.newAccount();
        b = Api.newAccount();
        pkg = newPackage();
        Api.asOperator().body(Map.of("id", "milan", "name", "Milan")).post("/v1/accounts/" + a + "/sub-accounts")
                .then().statusCode(201);
        Api.asOperator().body(Map.of("id", "rome", "name", "Rome", "mode", "allocated"))
                .post("/v1/accounts/" + a + "/sub-accounts").then().statusCode(201);
        keys.put("operator", Api.deploymentKey(Map.of("role", "operator")));
        keys.put("service-all", Api.deploymentKey(Map.of("role", "service", "allAccounts", true)));
        keys.put("service-A", Api.accountKey(a, "service", List.of()));
        keys.put("service-B", Api.deploymentKey(Map.of("role", "service", "accounts", List.of(b))));
        keys.put("company-admin-A", Api.accountKey(a, "company-admin", List.of()));
        keys.put("company-admin-B", Api.accountKey(b, "company-admin", List.of()));
        keys.put("office-admin-A", Api.accountKey(a, "office-admin", List.of("milan")));
        keys.put("unknown-key", "tally_" + UUID.randomUUID());
    }

    @Test
    void eachCallerReachesExactlyTheEndpointsOfItsRoleAndScope() {
        issueKeys();
        var mismatches = new ArrayList<String>();
        for (var row : rows) {
            for (int i = 0; i < CALLERS.size(); i++) {
                var caller = CALLERS.get(i);
                int status = row.call().apply(this, keys.get(caller)).statusCode();
                int expected = row.expected()[i];
                boolean matches = expected == IN ? status != 401 && status != 403 && status < 500 : status == expected;
                if (!matches) {
                    mismatches.add(row.endpoint() + " as " + caller + ": " + status + ", expected " + row.expected()[i]);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /**
     * Field by field: a caller the endpoint admits sets the field, unless only operators may; then it is refused
     * with 403 naming the field, and nothing changes. Callers the endpoint refuses are refused as in {@link #rows}.
     */
    @Test
    void eachCallerSetsExactlyTheFieldsOfItsRole() {
        issueKeys();
        var mismatches = new ArrayList<String>();
        for (var field : fields) {
            var endpoint = rows.stream().filter(row -> row.endpoint().equals(field.endpoint())).findFirst().orElseThrow();
            for (int i = 0; i < CALLERS.size(); i++) {
                var caller = CALLERS.get(i);
                int admitted = endpoint.expected()[i];
                boolean refused = field.operatorOnly() && !caller.equals("operator") && admitted / 100 == 2;
                var before = refused ? settings() : null;
                var response = send(field, keys.get(caller));
                var outcome = response.statusCode() + " " + response.jsonPath().getString("field");
                var expected = refused ? "403 " + field.field() : admitted + " null";
                if (!outcome.equals(expected) || refused && !settings().equals(before)) {
                    mismatches.add(field.endpoint() + " " + field.field() + " as " + caller + ": " + outcome
                            + ", expected " + expected);
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** A field added to a settings body without a row above fails here. */
    @Test
    void everyFieldOfTheSettingsBodiesHasARow() throws Exception {
        var rowsByEndpoint = fields.stream().collect(Collectors.groupingBy(FieldRow::endpoint,
                Collectors.mapping(FieldRow::field, Collectors.toSet())));
        assertThat(rowsByEndpoint.get(PATCH_ACCOUNT))
                .containsAll(fieldsOf(Class.forName("io.tally.account.AccountRequest"), ""));
        var subAccountFields = fieldsOf(Class.forName("io.tally.account.SubAccountRequest"), "");
        assertThat(rowsByEndpoint.get(POST_SUB_ACCOUNT)).containsAll(subAccountFields);
        assertThat(rowsByEndpoint.get(PATCH_SUB_ACCOUNT)).containsAll(subAccountFields);
    }

    /** The JSON fields of a request record, nested records' fields by their path. */
    private static List<String> fieldsOf(Class<?> record, String prefix) {
        var names = new ArrayList<String>();
        for (var component : record.getRecordComponents()) {
            var name = prefix + component.getName();
            if (component.getType().isRecord() && component.getType().getDeclaringClass() == record) {
                names.addAll(fieldsOf(component.getType(), name + "."));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private String settings() {
        return Api.asOperator().get("/v1/accounts/" + a).then().statusCode(200).extract().asString()
                + Api.asOperator().get("/v1/accounts/" + a + "/sub-accounts").then().statusCode(200).extract()
                        .asString();
    }

    @Test
    void everyEndpointHasARowAndDeclaresItsRoles() throws Exception {
        var endpoints = Endpoints.all();
        assertThat(endpoints).isNotEmpty();
        assertThat(endpoints).allSatisfy(endpoint -> assertThat(
                endpoint.method().isAnnotationPresent(Allowed.class)
                        || endpoint.method().getDeclaringClass().isAnnotationPresent(Allowed.class))
                .as(endpoint.key() + " declares @Allowed").isTrue());
        assertThat(rows.stream().map(Row::endpoint).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(endpoints.stream().map(Endpoints.Endpoint::key).toList());
    }

    /**
     * The carriers' webhooks take no API key: whatever key a caller sends, a request without its carrier's proof of
     * origin is 401, and one with a wrong proof 403.
     */
    @Test
    void carrierWebhooksAdmitNoKeyOnlyTheCarriersProof() {
        issueKeys();
        String status = Api.asOperator().body(Map.of("carrier", "generic", "secret", GENERIC_SECRET))
                .post("/v1/accounts/" + a + "/carrier-connections").then().statusCode(201).extract().path("statusUrl");
        var path = status.substring(status.indexOf("/v1/"));
        var mismatches = new ArrayList<String>();
        for (var caller : CALLERS) {
            int unsigned = request(keys.get(caller)).body("{}").post(path).statusCode();
            int forged = request(keys.get(caller)).header("webhook-id", "m").header("webhook-signature", "v1,AAAA")
                    .header("webhook-timestamp", Long.toString(java.time.Instant.now().getEpochSecond()))
                    .body("{}").post(path).statusCode();
            if (unsigned != 401 || forged != 403) {
                mismatches.add(caller + ": " + unsigned + " unsigned, " + forged + " forged");
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /** Dashboard sessions of the keys that may sign in (empty for the others), one per key. */
    private final Map<String, java.util.Optional<Dashboards.Session>> sessions = new LinkedHashMap<>();

    /** A browser signed in with the key (when the key may sign in), sending its session's CSRF token. */
    private io.restassured.specification.RequestSpecification page(String key) {
        return page(key, false);
    }

    private io.restassured.specification.RequestSpecification page(String key, boolean fresh) {
        var session = key == null ? java.util.Optional.<Dashboards.Session> empty()
                : fresh ? session(key) : sessions.computeIfAbsent(key, AccessMatrixTest::session);
        var spec = io.restassured.RestAssured.given().redirects().follow(false);
        return session.map(s -> spec.cookie("tally_session", s.cookie()).header("X-CSRF-Token", s.csrf()))
                .orElse(spec);
    }

    private static java.util.Optional<Dashboards.Session> session(String key) {
        return Dashboards.postSignIn(key).statusCode() == 303 ? java.util.Optional.of(Dashboards.signIn(key))
                : java.util.Optional.empty();
    }

    private io.restassured.specification.RequestSpecification request(String key) {
        return key == null ? io.restassured.RestAssured.given().contentType("application/json") : as(key);
    }

    /** The default card as it is: putting it back changes nothing that other tests rely on. */
    private String defaultCard() {
        return Api.asOperator().get("/v1/rates").then().statusCode(200).extract().asString();
    }

    private Map<String, Object> sms() {
        return Map.of("idempotencyKey", UUID.randomUUID().toString(), "account", a, "service", "sms",
                "to", "+393471234567", "text", "hi");
    }

    private static String newPackageId() {
        return "am-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, Object> pkg(String id) {
        return Map.of("id", id, "name", "Package", "price", 1000, "currency", "EUR", "credits", "100");
    }

    /** A new package of the catalogue, created by the operator. */
    private String newPackage() {
        var id = newPackageId();
        Api.asOperator().body(pkg(id)).post("/v1/packages").then().statusCode(201);
        return id;
    }

    private String officeKeyId() {
        return Api.asOperator().body(Map.of("role", "office-admin", "subAccounts", List.of("milan")))
                .post("/v1/accounts/" + a + "/keys").then().statusCode(201).extract().path("details.id");
    }
}
