package io.tally.receipt;

import io.tally.platform.Labels;

/**
 * An account's receipt policy: what each delivery status does to its message's hold ({@code commit}, {@code release}
 * or {@code none}); {@code accepted} and {@code unknown} are always {@code none}.
 */
record ReceiptPolicyView(String accepted, String sent, String delivered, String undelivered, String failed,
        String rejected, String unknown) {
    static ReceiptPolicyView of(ReceiptPolicy policy) {
        return new ReceiptPolicyView(label(policy, DeliveryStatus.ACCEPTED), label(policy, DeliveryStatus.SENT),
                label(policy, DeliveryStatus.DELIVERED), label(policy, DeliveryStatus.UNDELIVERED),
                label(policy, DeliveryStatus.FAILED), label(policy, DeliveryStatus.REJECTED),
                label(policy, DeliveryStatus.UNKNOWN));
    }

    private static String label(ReceiptPolicy policy, DeliveryStatus status) {
        return Labels.of(policy.of(status));
    }
}
