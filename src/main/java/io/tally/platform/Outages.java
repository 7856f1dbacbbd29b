package io.tally.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tally.platform.Unavailable.Outage;

/**
 * Counts every failure of a backing store ({@code tally.infrastructure.failures}, tagged by {@code store} and
 * {@code kind}) and logs it as a WARN at most once per {@link #WARN_EVERY} for each store and kind, with the number
 * left unlogged since: an outage is expected and answered 503, so it must not write a line (and a stack trace) per
 * request.
 */
@Singleton
public class Outages {
    static final Duration WARN_EVERY = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(Outages.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Outage, Warned> warned = new ConcurrentHashMap<>();

    private record Warned(Instant at, AtomicLong since) {
    }

    Outages(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Counts the failure; true when it was also logged. */
    public boolean record(Outage outage, Throwable failure) {
        Counter.builder("tally.infrastructure.failures")
                .description("Failures of a backing store (answered 503, or served from the last configuration)")
                .tag("store", outage.store()).tag("kind", outage.kind())
                .register(registry).increment();
        var now = clock.instant();
        var unlogged = new long[] { -1 }; // set when this failure is to be logged: how many were not since the last
        warned.compute(outage, (key, previous) -> {
            if (previous != null && now.isBefore(previous.at().plus(WARN_EVERY))) {
                previous.since().incrementAndGet();
                return previous;
            }
            unlogged[0] = previous == null ? 0 : previous.since().get();
            return new Warned(now, new AtomicLong());
        });
        if (unlogged[0] < 0) {
            return false;
        }
        LOG.warnf("%s unavailable (%s): %s%s", outage.store(), outage.kind(), innermost(failure),
                unlogged[0] == 0 ? "" : "; " + unlogged[0] + " more since the last warning");
        return true;
    }

    private static Throwable innermost(Throwable failure) {
        var cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Counts the failure if it is an outage ({@link Unavailable#classify}); true when it was one. */
    public boolean recordIfOutage(Throwable failure) {
        var outage = Unavailable.classify(failure);
        outage.ifPresent(found -> record(found, failure));
        return outage.isPresent();
    }
}
