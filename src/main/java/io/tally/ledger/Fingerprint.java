package io.tally.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a request asked for, as a short digest: the same idempotency key with a different fingerprint is a conflict,
 * not a replay. Fields are separated by a character that cannot occur in them (U+0000 is refused in every text).
 */
public final class Fingerprint {
    private Fingerprint() {
    }

    /** Cloned for each digest: cheaper than looking the algorithm up among the security providers every time. */
    private static final MessageDigest SHA_256 = sha256();

    public static String of(Object... fields) {
        var digest = newDigest();
        for (var field : fields) {
            digest.update(String.valueOf(field).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 16);
    }

    /** A fresh SHA-256 digest. */
    static MessageDigest newDigest() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
