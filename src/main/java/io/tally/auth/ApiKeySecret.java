package io.tally.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API key secrets: 32 random bytes, base64url, behind a {@code tally_} prefix so that leaked keys are easy to
 * spot. Only the SHA-256 of a secret is stored; a slow password hash buys nothing for 256 random bits.
 */
public final class ApiKeySecret {
    static final String PREFIX = "tally_";
    private static final int BYTES = 32;

    private ApiKeySecret() {
    }

    public static String generate(SecureRandom random) {
        var bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex SHA-256 of the secret as sent. */
    public static String hash(String secret) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** A short random identifier for a key, safe to log and to show. */
    public static String newId(SecureRandom random) {
        var bytes = new byte[8];
        random.nextBytes(bytes);
        return "key_" + HexFormat.of().formatHex(bytes);
    }
}
