package io.tally.pricing;

import java.time.Instant;
import java.util.Optional;

/** A rate card as stored, with when it was last replaced (empty for a card that was never set). */
record StoredCard(RateCard card, Optional<Instant> updatedAt) {
}
