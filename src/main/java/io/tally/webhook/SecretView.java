package io.tally.webhook;

import java.time.Instant;

/** A rotated secret, shown once; the previous one still signs (a second signature) until {@code previousValidUntil}. */
record SecretView(String id, String secret, Instant previousValidUntil) {
}
