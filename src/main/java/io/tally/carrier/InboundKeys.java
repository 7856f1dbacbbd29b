package io.tally.carrier;

import java.util.Base64;

/**
 * The idempotency key of an inbound message: one per (carrier, carrier message id), so a retried or duplicated
 * webhook meters once. Ids that do not fit the key's alphabet or length are hashed.
 */
final class InboundKeys {
    private static final int MAX = 128;

    private InboundKeys() {
    }

    static String of(Carrier carrier, String messageId) {
        var key = "carrier:" + carrier.label() + ":" + messageId;
        if (key.length() <= MAX && fits(messageId)) {
            return key;
        }
        var hash = Base64.getUrlEncoder().withoutPadding().encodeToString(Signatures.digest("SHA-256",
                Signatures.utf8(messageId)));
        return "carrier:" + carrier.label() + ":sha256:" + hash;
    }

    private static boolean fits(String id) {
        if (id.isEmpty()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || ".:_@/+=-".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }
}
