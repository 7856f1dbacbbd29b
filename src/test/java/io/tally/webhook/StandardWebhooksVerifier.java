package io.tally.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks verifier written from the specification alone, independent of the production signer: the
 * signed content is {@code id.timestamp.body}, the key the base64 after {@code whsec_}, the signature
 * {@code v1,<base64 HMAC-SHA256>}, several separated by spaces. Checked against the specification's test vector.
 */
final class StandardWebhooksVerifier {
    private StandardWebhooksVerifier() {
    }

    static String expected(String secret, String id, String timestamp, String body) {
        try {
            var key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            var signed = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Whether one of the header's signatures is the secret's. */
    static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader) {
        var expected = expected(secret, id, timestamp, body).getBytes(StandardCharsets.UTF_8);
        for (var candidate : signatureHeader.split(" ")) {
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) {
                return true;
            }
        }
        return false;
    }
}
