package io.tally.carrier;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts connection credentials at rest: AES-256-GCM with a random 96-bit nonce per write, the connection's id as
 * additional data (a row's ciphertext cannot be moved to another connection), stored as nonce then ciphertext.
 */
public final class CredentialCipher {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    /** @param base64Key 32 bytes, base64 */
    public CredentialCipher(String base64Key) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tally.carrier.credentials-key: not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("tally.carrier.credentials-key: 32 bytes (base64), not " + bytes.length);
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    public byte[] encrypt(String connection, byte[] plain) {
        var nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(Signatures.utf8(connection));
            var sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** @throws IllegalStateException when the key or the connection is not the one it was encrypted with */
    public byte[] decrypt(String connection, byte[] stored) {
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE));
            cipher.updateAAD(Signatures.utf8(connection));
            return cipher.doFinal(stored, NONCE, stored.length - NONCE);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("credentials of connection " + connection
                    + " do not decrypt: another tally.carrier.credentials-key, or not this connection's");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }
}
