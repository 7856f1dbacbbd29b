package io.tally.receipt;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an account's delivery statuses do to the hold of their message. By default the statuses of a message the
 * carrier sent commit ({@code DELIVERED}, {@code SENT}, {@code UNDELIVERED}: carriers bill what they sent) and those
 * of a message never sent release ({@code FAILED}, {@code REJECTED}); {@code ACCEPTED} and {@code UNKNOWN} are
 * recorded and decide nothing, always.
 */
public record ReceiptPolicy(Map<DeliveryStatus, Action> actions) {
    /** What a status does to its message's hold. */
    public enum Action {
        COMMIT,
        RELEASE,
        NONE
    }

    /** The statuses an account may set an action for. */
    public static final List<DeliveryStatus> SETTABLE = List.of(DeliveryStatus.DELIVERED, DeliveryStatus.SENT,
            DeliveryStatus.UNDELIVERED, DeliveryStatus.FAILED, DeliveryStatus.REJECTED);

    public static final ReceiptPolicy DEFAULT = new ReceiptPolicy(Map.of(DeliveryStatus.DELIVERED, Action.COMMIT,
            DeliveryStatus.SENT, Action.COMMIT, DeliveryStatus.UNDELIVERED, Action.COMMIT, DeliveryStatus.FAILED,
            Action.RELEASE, DeliveryStatus.REJECTED, Action.RELEASE));

    public ReceiptPolicy {
        var all = new EnumMap<DeliveryStatus, Action>(DeliveryStatus.class);
        for (var status : DeliveryStatus.values()) {
            all.put(status, SETTABLE.contains(status) ? actions.getOrDefault(status, Action.NONE) : Action.NONE);
        }
        actions = Map.copyOf(all);
    }

    public Action of(DeliveryStatus status) {
        return actions.get(status);
    }

    /** The default with {@code changes} applied (statuses outside {@link #SETTABLE} are ignored). */
    public static ReceiptPolicy withChanges(Map<DeliveryStatus, Action> changes) {
        var actions = new EnumMap<DeliveryStatus, Action>(DEFAULT.actions());
        actions.putAll(changes);
        return new ReceiptPolicy(actions);
    }

    /** As the receipt scripts take it: {@code STATUS=C} or {@code STATUS=R} for each status that decides. */
    public String encoded() {
        return actions.entrySet().stream()
                .filter(e -> e.getValue() != Action.NONE)
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().name() + "=" + (e.getValue() == Action.COMMIT ? "C" : "R"))
                .collect(Collectors.joining(","));
    }
}
