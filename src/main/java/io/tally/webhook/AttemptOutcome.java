package io.tally.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What follows an attempt: a 2xx delivered it; 410 Gone fails it and disables the endpoint; anything else (another
 * status, a redirect, which is not followed, no answer, a refused address) makes it due again by the retry schedule,
 * until the schedule runs out.
 *
 * @param next when it is due again; null unless pending
 */
record AttemptOutcome(String state, Instant next, boolean disableEndpoint) {

    static AttemptOutcome of(int attempt, Integer status, Optional<Duration> retryAfter, RetrySchedule schedule,
            double random, Instant now) {
        if (status != null && status >= 200 && status < 300) {
            return new AttemptOutcome("delivered", null, false);
        }
        if (status != null && status == 410) {
            return new AttemptOutcome("failed", null, true);
        }
        return schedule.next(attempt, retryAfter, random)
                .map(wait -> new AttemptOutcome("pending", now.plus(wait), false))
                .orElse(new AttemptOutcome("failed", null, false));
    }
}
