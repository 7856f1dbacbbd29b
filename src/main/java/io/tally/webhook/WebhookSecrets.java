package io.tally.webhook;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.tally.carrier.StandardWebhookSignature;

/** Endpoint secrets and the Standard Webhooks headers they sign a message with. */
final class WebhookSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {
    }

    /** A new secret: {@code whsec_} and 32 random bytes in base64. */
    static String generate() {
        var key = new byte[32];
        RANDOM.nextBytes(key);
        return StandardWebhookSignature.PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The {@code webhook-signature} header: {@code v1,<base64>} for the current secret and, during a rotation, a second
     * one for the previous secret, space-separated.
     */
    static String signature(Secrets secrets, String id, long timestamp, byte[] body, Instant now) {
        var signatures = new ArrayList<String>();
        for (var secret : secrets.signing(now)) {
            signatures.add("v1," + StandardWebhookSignature.sign(secret, id, Long.toString(timestamp), body));
        }
        return String.join(" ", signatures);
    }

    /** An endpoint's secret and, until {@code previousUntil}, the one it replaced. */
    record Secrets(String current, String previous, Instant previousUntil) {
        List<String> signing(Instant now) {
            return previous != null && previousUntil != null && now.isBefore(previousUntil)
                    ? List.of(current, previous)
                    : List.of(current);
        }
    }
}
