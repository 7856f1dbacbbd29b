package io.tally.webhook;

import java.time.Instant;
import java.util.List;

/**
 * Where an account's alerts are posted.
 *
 * @param types the alert types delivered; empty for all of them
 * @param disabledAt when it stopped receiving (its receiver answered 410 Gone, or an admin disabled it); null while
 *        enabled
 */
record WebhookEndpoint(String id, String account, String url, List<String> types, WebhookSecrets.Secrets secrets,
        Instant disabledAt, String disabledReason, Instant createdAt) {

    boolean enabled() {
        return disabledAt == null;
    }

    boolean wants(String type) {
        return types.isEmpty() || types.contains(type);
    }
}
