package io.tally.history;

import java.time.Instant;

/** Optional limits of a history query: a time range ({@code from} inclusive, {@code to} exclusive), amount ranges. */
final class Bounds {
    private Bounds() {
    }

    record Time(Instant from, Instant to) {
        static final Time ANY = new Time(null, null);
    }

    /** Micro-credits, both ends inclusive; null is unbounded. */
    record Amount(Long min, Long max) {
        static final Amount ANY = new Amount(null, null);
    }
}
