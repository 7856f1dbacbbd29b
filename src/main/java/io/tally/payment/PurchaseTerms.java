package io.tally.payment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.tally.ledger.Fingerprint;
import io.tally.ledger.Lot;
import io.tally.ledger.LotKind;
import io.tally.ledger.Service;

/**
 * What a purchase grants, fixed when its payment is first recorded, so that every retry grants the same lot (the
 * package may be changed in between): the lot's kind, services, effective time (the purchase's) and expiry.
 */
record PurchaseTerms(String idempotencyKey, LotKind kind, Set<Service> services, Instant effectiveFrom,
        Optional<Instant> expiresAt) {

    PurchaseTerms {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        services = Set.copyOf(services);
    }

    /**
     * The payment id of a purchase: {@code pu_} and 22 characters (base64url) of the SHA-256 of the account and the
     * caller's idempotency key, so that a retry finds its payment, and two accounts' keys never meet.
     */
    static String paymentId(String account, String idempotencyKey) {
        try {
            var digest = MessageDigest.getInstance("SHA-256")
                    .digest((account + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "pu_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lot the purchase grants; its id is the payment's. */
    Lot lot(String paymentId, long credits) {
        return new Lot(paymentId, kind, services, java.util.OptionalInt.empty(), effectiveFrom, expiresAt, credits,
                credits, 0, Optional.empty());
    }

    /** The grant's fingerprint: the same for every retry of the purchase. */
    String fingerprint(String paymentId, long credits) {
        return Fingerprint.of("purchase", paymentId, credits, kind, services.stream().map(Service::name).sorted().toList(),
                effectiveFrom.toEpochMilli(), expiresAt.map(Instant::toEpochMilli).orElse(-1L));
    }
}
