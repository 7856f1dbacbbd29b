package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Settle a hold exactly once: {@code COMMIT} (of {@code finalAmount} when given, else the reserved amount),
 * {@code RELEASE}, or {@code EXPIRE} (the sweeper's, only once {@code now >= deadline}; applies the hold's
 * {@link ExpiredHoldAction}). A commit or release after the deadline but before the sweeper is still accepted.
 */
public record Settle(String reservationId, SettleAction action, OptionalLong finalAmount, String eventId,
        Instant now) {
    /** What a settle does. */
    public enum SettleAction {
        COMMIT,
        RELEASE,
        EXPIRE
    }

    public Settle {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(finalAmount, "finalAmount");
        LedgerKeys.requireToken(eventId, "eventId");
        now = now.truncatedTo(ChronoUnit.MILLIS);
    }

    public static Settle commit(String reservationId, String eventId, Instant now) {
        return new Settle(reservationId, SettleAction.COMMIT, OptionalLong.empty(), eventId, now);
    }

    public static Settle commit(String reservationId, long finalAmount, String eventId, Instant now) {
        return new Settle(reservationId, SettleAction.COMMIT, OptionalLong.of(finalAmount), eventId, now);
    }

    public static Settle release(String reservationId, String eventId, Instant now) {
        return new Settle(reservationId, SettleAction.RELEASE, OptionalLong.empty(), eventId, now);
    }

    public static Settle expire(String reservationId, String eventId, Instant now) {
        return new Settle(reservationId, SettleAction.EXPIRE, OptionalLong.empty(), eventId, now);
    }
}
