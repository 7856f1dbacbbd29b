package io.tally.carrier;

import java.util.Base64;
import java.util.Locale;

/**
 * HTTP basic credentials set on the callback URL (Sinch, Bandwidth), compared in constant time as one
 * {@code user:password} string so that neither half can be guessed alone.
 */
final class BasicAuth {
    private BasicAuth() {
    }

    static Verification verify(Webhook webhook, String username, String password) {
        var header = webhook.header("authorization");
        if (header.isEmpty() || !header.get().toLowerCase(Locale.ROOT).startsWith("basic ")) {
            return Verification.missing("no basic Authorization header");
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.get().substring("basic ".length()).trim());
        } catch (IllegalArgumentException e) {
            return Verification.wrong("Authorization: not base64");
        }
        return Signatures.same(Signatures.utf8(username + ":" + password), given)
                ? Verification.VERIFIED
                : Verification.wrong("wrong basic credentials");
    }
}
