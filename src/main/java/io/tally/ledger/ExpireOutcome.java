package io.tally.ledger;

import java.time.Instant;

/** What an {@link ExpireCredits} did. */
public sealed interface ExpireOutcome {
    /** {@code amount} credits left the books (one {@code expire-credits} event). */
    record Expired(long amount) implements ExpireOutcome {
    }

    /** Nothing to expire: the lot is used up, already expired, unknown, or never expires. Taken off the schedule. */
    record Nothing() implements ExpireOutcome {
    }

    /** The lot expires after {@code now}: nothing written, it stays scheduled. */
    record NotDue(Instant expiresAt) implements ExpireOutcome {
    }
}
