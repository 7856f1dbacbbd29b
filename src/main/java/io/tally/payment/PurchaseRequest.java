package io.tally.payment;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * The body of {@code POST /v1/accounts/{account}/purchases}: the caller's {@code idempotencyKey} (1-128 of letters,
 * digits and {@code . _ : @ / + = -}), the {@code package} id, the {@code paymentMethod} (an opaque reference at the
 * payment provider) and, optionally, the {@code subAccount} (an allocated office) the credits go to.
 */
public record PurchaseRequest(String idempotencyKey, @JsonProperty("package") String packageId, String paymentMethod,
        String subAccount) {

    /** Checks every field's form; answers the request with its fields as given. */
    PurchaseRequest validated() {
        var key = Fields.required("idempotencyKey", idempotencyKey);
        if (!key.matches("[A-Za-z0-9._:@/+=-]{1,128}")) {
            throw Refusal.invalid("idempotencyKey",
                    "idempotencyKey: 1 to 128 characters of letters, digits and . _ : @ / + = -");
        }
        Fields.id("package", packageId);
        var method = Fields.text("paymentMethod", paymentMethod, 200);
        if (!method.matches("[\\x21-\\x7e]+")) {
            throw Refusal.invalid("paymentMethod", "paymentMethod: printable ASCII without spaces");
        }
        if (subAccount != null) {
            Fields.id("subAccount", subAccount);
        }
        return this;
    }
}
