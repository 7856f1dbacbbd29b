package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Settle a hold exactly once: {@code COMMIT} (of {@code finalAmount} when given, else the reserved amount),
 * {@code RELEASE}, or {@code EXPIRE} (the sweeper's, only once {@code now >= deadline}; applies the hold's
 * {@link ExpiredHoldAction}). A commit or release after the deadline but before the sweeper is still accepted.
 * {@code detailMembers} are JSON object members (without braces, {@code ""} for none) added to the hold's detail in
 * the settle's event: what the settle knows that the reserve did not (a delivery receipt's carrier and status).
 */
public record Settle(String reservationId, SettleAction action, OptionalLong finalAmount, String eventId,
        Instant now, String detailMembers) {
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
        Objects.requireNonNull(detailMembers, "detailMembers");
        if (detailMembers.chars().anyMatch(c -> c < 0x20)) {
            throw new IllegalArgumentException("detailMembers: JSON without control characters");
        }
    }

    /** A settle that adds nothing to the event's detail. */
    public Settle(String reservationId, SettleAction action, OptionalLong finalAmount, String eventId, Instant now) {
        this(reservationId, action, finalAmount, eventId, now, "");
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
