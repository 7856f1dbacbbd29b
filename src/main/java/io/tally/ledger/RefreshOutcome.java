package io.tally.ledger;

import java.time.Instant;

/** What a {@link RefreshCredits} did. */
public sealed interface RefreshOutcome {
    /**
     * Renewed (one {@code refresh-credits} event): {@code expired} left the books, {@code kept} rolled over, the
     * granted amount came again and paid {@code debtPaid} of the debt first.
     */
    record Refreshed(long expired, long kept, long debtPaid) implements RefreshOutcome {
    }

    /** Nothing to refresh: unknown lot, no refresh, or past its expiry at the boundary. Taken off the schedule. */
    record Nothing() implements RefreshOutcome {
    }

    /** The boundary asked is not the lot's next one ({@code due}): renewed already. Nothing written. */
    record NotThisCycle(Instant due) implements RefreshOutcome {
    }

    /** The boundary is after {@code now}: nothing written. */
    record NotDue(Instant cycle) implements RefreshOutcome {
    }
}
