package io.tally.webhook;

import java.time.Instant;
import java.util.List;

/** A delivery and its attempts as the API answers them. */
record DeliveryView(String id, String endpoint, String alert, String type, String state, int attempts,
        Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt, Instant updatedAt,
        List<AttemptView> log) {

    record AttemptView(int attempt, Instant at, Integer status, long latencyMs, String error) {
    }

    static DeliveryView of(Delivery delivery) {
        return new DeliveryView(delivery.id(), delivery.endpoint(), delivery.alert(), delivery.type(),
                delivery.state(), delivery.attempts(),
                delivery.state().equals("pending") ? delivery.nextAttemptAt() : null, delivery.lastStatus(),
                delivery.lastError(), delivery.createdAt(), delivery.updatedAt(),
                delivery.log().stream().map(a -> new AttemptView(a.attempt(), a.at(), a.status(), a.latencyMs(),
                        a.error())).toList());
    }
}
