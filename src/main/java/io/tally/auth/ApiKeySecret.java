package io.tally.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * API key secrets: 32 random bytes, base64url, behind a {@code tally_} prefix so that leaked keys are easy to
 * spot. Only the SHA-256 of a secret is stored; a slow password hash buys nothing for 256 random bits.
 *
 * <p>
 * Keys are issued as {@code tally_2_} + 43 random characters + a 6-character checksum (the CRC-32 of everything
 * before it, base64url), 57 characters: a token that does not check out names no key, and is refused without
 * asking PostgreSQL. Keys issued before keys carried a checksum are {@code tally_} + 43 characters, 49 in all;
 * they keep working (their length tells them apart), looked up like any other.
 */
public final class ApiKeySecret {
    static final String PREFIX = "tally_";
    /** The prefix of keys with a checksum: format 2. */
    static final String CHECKED_PREFIX = PREFIX + "2_";
    private static final int BYTES = 32;
    private static final int RANDOM_CHARACTERS = 43;
    private static final int CHECKSUM_CHARACTERS = 6;
    private static final int CHECKED_LENGTH = CHECKED_PREFIX.length() + RANDOM_CHARACTERS + CHECKSUM_CHARACTERS;
    private static final int UNCHECKED_LENGTH = PREFIX.length() + RANDOM_CHARACTERS;

    private ApiKeySecret() {
    }

    public static String generate(SecureRandom random) {
        var bytes = new byte[BYTES];
        random.nextBytes(bytes);
        var unchecked = CHECKED_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return unchecked + checksum(unchecked);
    }

    /**
     * Whether the secret has the shape of an issued key (of either format) and, for keys that carry one, the right
     * checksum. Only such secrets can name a key.
     */
    static boolean wellFormed(String secret) {
        if (secret.length() == CHECKED_LENGTH && secret.startsWith(CHECKED_PREFIX)) {
            var unchecked = secret.substring(0, CHECKED_LENGTH - CHECKSUM_CHARACTERS);
            return base64url(unchecked, CHECKED_PREFIX.length()) && secret.endsWith(checksum(unchecked));
        }
        return secret.length() == UNCHECKED_LENGTH && secret.startsWith(PREFIX) && base64url(secret, PREFIX.length());
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

    private static String checksum(String unchecked) {
        var crc = new CRC32();
        crc.update(unchecked.getBytes(StandardCharsets.US_ASCII));
        var bytes = ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue()).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static boolean base64url(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean valid = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
            if (!valid) {
                return false;
            }
        }
        return true;
    }
}
