package io.tally.ledger;

import io.tally.platform.Fields;
import io.tally.platform.ProblemException;
import java.util.regex.Pattern;

/** The idempotency key every money movement carries: the caller's own id for it (a message id, an invoice number). */
final class IdempotencyKeys {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private IdempotencyKeys() {
    }

    static String require(String key) {
        Fields.required("idempotencyKey", key);
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.invalid("idempotencyKey",
                    "idempotencyKey: 1 to 128 characters of letters, digits and . _ : @ / + = -");
        }
        return key;
    }
}
