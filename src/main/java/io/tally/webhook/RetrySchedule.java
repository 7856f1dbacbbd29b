package io.tally.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again: the first attempt is immediate; after the n-th failed one, the n-th delay of
 * the schedule, stretched by a random jitter of up to {@code jitter} (a fraction) either way so that an endpoint's
 * retries do not all come back at the same second, and never sooner than the receiver's {@code Retry-After} (capped at
 * {@code maxRetryAfter}). After the last delay the delivery has failed.
 */
record RetrySchedule(List<Duration> delays, double jitter, Duration maxRetryAfter) {

    RetrySchedule {
        delays = List.copyOf(delays);
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter: a fraction in [0, 1)");
        }
    }

    /** How many attempts a delivery gets in all. */
    int attempts() {
        return delays.size() + 1;
    }

    /**
     * @param attemptsMade attempts made so far, the failed one included
     * @param random a number in [0, 1)
     * @return how long to wait, or empty when the delivery has had all its attempts
     */
    Optional<Duration> next(int attemptsMade, Optional<Duration> retryAfter, double random) {
        if (attemptsMade < 1 || attemptsMade > delays.size()) {
            return Optional.empty();
        }
        var delay = delays.get(attemptsMade - 1);
        long millis = Math.round(delay.toMillis() * (1 + jitter * (2 * random - 1)));
        var wait = Duration.ofMillis(Math.max(0, millis));
        var asked = retryAfter.map(r -> r.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : r);
        return Optional.of(asked.filter(r -> r.compareTo(wait) > 0).orElse(wait));
    }

    /** A {@code Retry-After} value: seconds, or an HTTP date (RFC 9110); empty when absent or unreadable. */
    static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        var value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            try {
                var at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException unreadable) {
                return Optional.empty();
            }
        }
    }
}
