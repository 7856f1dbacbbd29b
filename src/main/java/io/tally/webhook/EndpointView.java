package io.tally.webhook;

import java.time.Instant;
import java.util.List;

/**
 * An endpoint as the API answers it. {@code secret} only in the answer that creates it (never again);
 * {@code previousSecretValidUntil} while the secret it replaced still signs too.
 */
public record EndpointView(String id, String account, String url, List<String> types, boolean enabled,
        String disabledReason, Instant disabledAt, Instant previousSecretValidUntil, Instant createdAt, String secret) {

    static EndpointView of(WebhookEndpoint endpoint, Instant now) {
        var until = endpoint.secrets().previousUntil();
        return new EndpointView(endpoint.id(), endpoint.account(), endpoint.url(), endpoint.types(),
                endpoint.enabled(), endpoint.disabledReason(), endpoint.disabledAt(),
                until != null && until.isAfter(now) ? until : null, endpoint.createdAt(), null);
    }

    static EndpointView created(WebhookEndpoint endpoint) {
        return new EndpointView(endpoint.id(), endpoint.account(), endpoint.url(), endpoint.types(), true, null, null,
                null, endpoint.createdAt(), endpoint.secrets().current());
    }
}
