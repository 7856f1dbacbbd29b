package io.tally.payment;

import java.util.Optional;

import io.tally.platform.Keyset;

/**
 * A page of payments: at most {@code limit} (1-100, default 50), newest first, after the cursor's position
 * ({@code created|id} of the last payment of the page before, base64url).
 */
record PaymentQuery(int limit, Optional<Keyset> after) {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    static PaymentQuery of(String limit, String cursor) {
        return new PaymentQuery(Keyset.limit(limit, DEFAULT_LIMIT, MAX_LIMIT), Optional.ofNullable(cursor).map(Keyset::of));
    }
}
