package io.tally.carrier;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Telnyx's {@code telnyx-signature-ed25519}: base64 of an Ed25519 signature over {@code "{telnyx-timestamp}|{raw
 * body}"}, verified with the account's public key; a timestamp more than 300 s from now is refused (replay).
 */
final class TelnyxSignature {
    static final String SIGNATURE = "telnyx-signature-ed25519";
    static final String TIMESTAMP = "telnyx-timestamp";
    static final Duration TOLERANCE = Duration.ofSeconds(300);
    /** The DER prefix that makes 32 raw key bytes an X.509 SubjectPublicKeyInfo for Ed25519 (RFC 8410). */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private TelnyxSignature() {
    }

    static Verification verify(Webhook webhook, String publicKey, Instant now) {
        var signature = webhook.header(SIGNATURE);
        var timestamp = webhook.header(TIMESTAMP);
        if (signature.isEmpty() || timestamp.isEmpty()) {
            return Verification.missing("no " + (signature.isEmpty() ? SIGNATURE : TIMESTAMP) + " header");
        }
        var stale = Timestamps.outside(timestamp.get(), now, TOLERANCE);
        if (stale != null) {
            return Verification.wrong(TIMESTAMP + ": " + stale);
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(signature.get().trim());
        } catch (IllegalArgumentException e) {
            return Verification.wrong(SIGNATURE + ": not base64");
        }
        var body = webhook.body();
        var prefix = Signatures.utf8(timestamp.get() + "|");
        var signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        try {
            var verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(publicKey));
            verifier.update(signed);
            return verifier.verify(given) ? Verification.VERIFIED : Verification.wrong(SIGNATURE + " does not match");
        } catch (SignatureException e) {
            return Verification.wrong(SIGNATURE + ": malformed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
        }
    }

    /**
     * The public key from its base64 form: the 32 raw bytes the Telnyx portal shows, or a DER SubjectPublicKeyInfo.
     *
     * @throws IllegalArgumentException when it is neither
     */
    static PublicKey publicKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("publicKey: not base64");
        }
        if (bytes.length == 32) {
            var der = new byte[X509_PREFIX.length + 32];
            System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
            System.arraycopy(bytes, 0, der, X509_PREFIX.length, 32);
            bytes = der;
        }
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("publicKey: not an Ed25519 public key (32 bytes, base64)");
        }
    }
}
