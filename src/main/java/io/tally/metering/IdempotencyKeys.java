package io.tally.metering;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/** The idempotency key every money movement carries: the caller's own id for it (a message id, an invoice number). */
final class IdempotencyKeys {
    private IdempotencyKeys() {
    }

    static String require(String key) {
        Fields.required("idempotencyKey", key);
        if (!isKey(key)) {
            throw Refusal.invalid("idempotencyKey",
                    "idempotencyKey: 1 to 128 characters of letters, digits and . _ : @ / + = -");
        }
        return key;
    }

    /** 1-128 of {@code [A-Za-z0-9._:@/+=-]}, checked with a loop (this runs on every request). */
    private static boolean isKey(String key) {
        if (key.isEmpty() || key.length() > 128) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".:_@/+=-".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }
}
