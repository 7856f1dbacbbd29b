package io.tally.receipt;

import java.util.EnumMap;
import java.util.Map;

import io.tally.platform.Labels;

/**
 * A replacement of an account's receipt policy: the action ({@code commit}, {@code release}, {@code none}) of each
 * status that may decide a message; a status left out takes the default's.
 */
record ReceiptPolicyRequest(String sent, String delivered, String undelivered, String failed, String rejected) {
    ReceiptPolicy toPolicy() {
        Map<DeliveryStatus, ReceiptPolicy.Action> actions = new EnumMap<>(DeliveryStatus.class);
        put(actions, DeliveryStatus.SENT, "sent", sent);
        put(actions, DeliveryStatus.DELIVERED, "delivered", delivered);
        put(actions, DeliveryStatus.UNDELIVERED, "undelivered", undelivered);
        put(actions, DeliveryStatus.FAILED, "failed", failed);
        put(actions, DeliveryStatus.REJECTED, "rejected", rejected);
        return ReceiptPolicy.withChanges(actions);
    }

    private static void put(Map<DeliveryStatus, ReceiptPolicy.Action> actions, DeliveryStatus status, String field,
            String label) {
        if (label != null) {
            actions.put(status, Labels.parse(field, label, ReceiptPolicy.Action.class));
        }
    }
}
