package io.tally.carrier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The stored (then encrypted) form of {@link Credentials}: one JSON object, its fields by carrier. */
final class CredentialsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stored(String carrier, List<String> authTokens, String signatureSecret, String signatureMethod,
            String publicKey, String username, String password, String secret) {
    }

    private CredentialsJson() {
    }

    static byte[] write(Credentials credentials) {
        Stored stored;
        if (credentials instanceof Credentials.TwilioTokens t) {
            stored = new Stored("twilio", t.authTokens(), null, null, null, null, null, null);
        } else if (credentials instanceof Credentials.VonageSecret v) {
            stored = new Stored("vonage", null, v.signatureSecret(), v.signatureMethod().label(), null, null, null,
                    null);
        } else if (credentials instanceof Credentials.TelnyxKey t) {
            stored = new Stored("telnyx", null, null, null, t.publicKey(), null, null, null);
        } else if (credentials instanceof Credentials.Basic b) {
            stored = new Stored(b.carrier().label(), null, null, null, null, b.username(), b.password(), null);
        } else {
            var g = (Credentials.GenericSecret) credentials;
            stored = new Stored("generic", null, null, null, null, null, null, g.secret());
        }
        try {
            return MAPPER.writeValueAsBytes(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Credentials read(byte[] json) {
        Stored s;
        try {
            s = MAPPER.readValue(json, Stored.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var carrier = Carrier.parse(s.carrier()).orElseThrow();
        return switch (carrier) {
            case TWILIO -> new Credentials.TwilioTokens(s.authTokens());
            case VONAGE -> new Credentials.VonageSecret(s.signatureSecret(),
                    SignatureMethod.parse(s.signatureMethod()).orElseThrow());
            case TELNYX -> new Credentials.TelnyxKey(s.publicKey());
            case SINCH, BANDWIDTH -> new Credentials.Basic(carrier, s.username(), s.password());
            case GENERIC -> new Credentials.GenericSecret(s.secret());
        };
    }
}
