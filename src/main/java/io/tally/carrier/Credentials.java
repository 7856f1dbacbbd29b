package io.tally.carrier;

import java.util.List;

/** What a connection proves its carrier's webhooks with; stored encrypted, never answered by the API. */
public sealed interface Credentials {
    Carrier carrier();

    /** Twilio: the account's Auth Tokens; several while one is rotated out. */
    record TwilioTokens(List<String> authTokens) implements Credentials {
        public TwilioTokens {
            authTokens = List.copyOf(authTokens);
        }

        @Override
        public Carrier carrier() {
            return Carrier.TWILIO;
        }
    }

    /**
     * Vonage: the signature secret and the method chosen for it in the dashboard (SMS API {@code sig}); the
     * Messages API always signs its JWT with HMAC-SHA256 of the same secret.
     */
    record VonageSecret(String signatureSecret, SignatureMethod signatureMethod) implements Credentials {
        @Override
        public Carrier carrier() {
            return Carrier.VONAGE;
        }
    }

    /** Telnyx: the account's Ed25519 public key, base64 as the portal shows it. */
    record TelnyxKey(String publicKey) implements Credentials {
        @Override
        public Carrier carrier() {
            return Carrier.TELNYX;
        }
    }

    /** Sinch and Bandwidth: the HTTP basic credentials set on the callback URL in the carrier's console. */
    record Basic(Carrier carrier, String username, String password) implements Credentials {
    }

    /** Generic: the Standard Webhooks secret ({@code whsec_} and base64). */
    record GenericSecret(String secret) implements Credentials {
        @Override
        public Carrier carrier() {
            return Carrier.GENERIC;
        }
    }
}
