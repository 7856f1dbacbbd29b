package io.tally.carrier;

import java.util.ArrayList;
import java.util.List;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * The body of {@code POST /v1/accounts/{account}/carrier-connections}: the carrier and its credentials, only the
 * fields of that carrier: Twilio {@code authToken} or {@code authTokens} (several while rotating), Vonage
 * {@code signatureSecret} and {@code signatureMethod}, Telnyx {@code publicKey}, Sinch and Bandwidth
 * {@code username} and {@code password}, generic {@code secret}.
 */
record ConnectionRequest(String carrier, String authToken, List<String> authTokens, String signatureSecret,
        String signatureMethod, String publicKey, String username, String password, String secret) {
    private static final int MAX = 512;

    Credentials credentials() {
        var kind = Carrier.parse(Fields.required("carrier", carrier)).orElseThrow(() -> Refusal.invalid("carrier",
                "carrier: one of twilio, vonage, telnyx, sinch, bandwidth, generic"));
        return switch (kind) {
            case TWILIO -> {
                only(kind, "authToken", "authTokens");
                var tokens = new ArrayList<String>();
                if (authToken != null) {
                    tokens.add(Fields.text("authToken", authToken, MAX));
                }
                if (authTokens != null) {
                    for (int i = 0; i < authTokens.size(); i++) {
                        tokens.add(Fields.text("authTokens[" + i + "]", authTokens.get(i), MAX));
                    }
                }
                if (tokens.isEmpty() || tokens.size() > 5) {
                    throw Refusal.invalid("authToken", "authToken: one Auth Token, or authTokens: 1 to 5 of them");
                }
                yield new Credentials.TwilioTokens(tokens);
            }
            case VONAGE -> {
                only(kind, "signatureSecret", "signatureMethod");
                var method = SignatureMethod.parse(Fields.required("signatureMethod", signatureMethod))
                        .orElseThrow(() -> Refusal.invalid("signatureMethod",
                                "signatureMethod: one of md5hash, md5, sha1, sha256, sha512"));
                yield new Credentials.VonageSecret(Fields.text("signatureSecret", signatureSecret, MAX), method);
            }
            case TELNYX -> {
                only(kind, "publicKey");
                Fields.text("publicKey", publicKey, MAX);
                try {
                    TelnyxSignature.publicKey(publicKey);
                } catch (IllegalArgumentException e) {
                    throw Refusal.invalid("publicKey", e.getMessage());
                }
                yield new Credentials.TelnyxKey(publicKey.trim());
            }
            case SINCH, BANDWIDTH -> {
                only(kind, "username", "password");
                var user = Fields.text("username", username, MAX);
                if (user.indexOf(':') >= 0) {
                    throw Refusal.invalid("username", "username: no ':' (basic credentials)");
                }
                yield new Credentials.Basic(kind, user, Fields.text("password", password, MAX));
            }
            case GENERIC -> {
                only(kind, "secret");
                Fields.text("secret", secret, MAX);
                try {
                    StandardWebhookSignature.key(secret);
                } catch (IllegalArgumentException e) {
                    throw Refusal.invalid("secret", e.getMessage());
                }
                yield new Credentials.GenericSecret(secret);
            }
        };
    }

    /** Refuses the credential fields of other carriers, so a mistaken carrier is not stored silently. */
    private void only(Carrier kind, String... allowed) {
        var given = new Object[][] { { "authToken", authToken }, { "authTokens", authTokens },
                { "signatureSecret", signatureSecret }, { "signatureMethod", signatureMethod },
                { "publicKey", publicKey }, { "username", username }, { "password", password },
                { "secret", secret } };
        for (var field : given) {
            if (field[1] != null && !List.of(allowed).contains((String) field[0])) {
                throw Refusal.invalid((String) field[0], field[0] + ": not a credential of " + kind.label());
            }
        }
    }
}
