package io.tally.carrier;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The Standard Webhooks scheme: {@code webhook-signature} holds one or more space-separated {@code v1,<base64>}
 * signatures, each an HMAC-SHA256 of {@code "{webhook-id}.{webhook-timestamp}.{raw body}"} keyed by the base64 part of
 * a {@code whsec_} secret; the timestamp must be within 300 s of now. Verifies the generic carrier's webhooks and
 * signs the alert webhooks Tally sends (docs/alerts.md, "Webhooks").
 */
public final class StandardWebhookSignature {
    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    public static final String PREFIX = "whsec_";

    private StandardWebhookSignature() {
    }

    static Verification verify(Webhook webhook, String secret, Instant now) {
        var id = webhook.header(ID);
        var timestamp = webhook.header(TIMESTAMP);
        var signatures = webhook.header(SIGNATURE);
        if (id.isEmpty() || timestamp.isEmpty() || signatures.isEmpty()) {
            return Verification.missing("send " + ID + ", " + TIMESTAMP + " and " + SIGNATURE + " headers");
        }
        var stale = Timestamps.outside(timestamp.get(), now, TOLERANCE);
        if (stale != null) {
            return Verification.wrong(TIMESTAMP + ": " + stale);
        }
        var expected = sign(secret, id.get(), timestamp.get(), webhook.body());
        for (var candidate : signatures.get().trim().split("\\s+")) {
            int comma = candidate.indexOf(',');
            if (comma > 0 && candidate.substring(0, comma).equals("v1")
                    && Signatures.same(expected, candidate.substring(comma + 1))) {
                return Verification.VERIFIED;
            }
        }
        return Verification.wrong(SIGNATURE + " does not match");
    }

    /** The base64 signature (without {@code v1,}) of a message. */
    public static String sign(String secret, String id, String timestamp, byte[] body) {
        var prefix = Signatures.utf8(id + "." + timestamp + ".");
        var signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA256", key(secret), signed));
    }

    /**
     * The key bytes of a secret: base64 after {@code whsec_}.
     *
     * @throws IllegalArgumentException when it is not of that form or shorter than 24 bytes
     */
    public static byte[] key(String secret) {
        var encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secret: whsec_ followed by base64");
        }
        if (key.length < 24) {
            throw new IllegalArgumentException("secret: at least 24 bytes of key (32 recommended)");
        }
        return key;
    }
}
