package io.tally.carrier;

import java.util.Optional;

/** The signature methods of the Vonage dashboard, for the SMS API's {@code sig}. */
public enum SignatureMethod {
    MD5HASH("md5hash", null),
    MD5("md5", "HmacMD5"),
    SHA1("sha1", "HmacSHA1"),
    SHA256("sha256", "HmacSHA256"),
    SHA512("sha512", "HmacSHA512");

    private final String label;
    private final String mac;

    SignatureMethod(String label, String mac) {
        this.label = label;
        this.mac = mac;
    }

    String mac() {
        return mac;
    }

    public String label() {
        return label;
    }

    public static Optional<SignatureMethod> parse(String label) {
        for (var method : values()) {
            if (method.label.equals(label)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
