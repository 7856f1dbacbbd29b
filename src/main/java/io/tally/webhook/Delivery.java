package io.tally.webhook;

import java.time.Instant;
import java.util.List;

/**
 * One alert to one endpoint, tried until the receiver takes it, its attempts run out or the endpoint goes.
 *
 * @param state {@code pending} (due at {@code nextAttemptAt}), {@code delivered}, {@code failed} (every attempt
 *        failed, or the receiver answered 410 Gone) or {@code cancelled} (the endpoint was disabled or deleted first)
 */
record Delivery(String id, String endpoint, String alert, String type, String state, int attempts,
        Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt, Instant updatedAt,
        List<Attempt> log) {

    /** One try: when, the receiver's status (null when no answer came), how long it took, what went wrong. */
    record Attempt(int attempt, Instant at, Integer status, long latencyMs, String error) {
    }
}
