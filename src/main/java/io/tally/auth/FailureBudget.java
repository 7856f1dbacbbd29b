package io.tally.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many failed authentications each client address may still make: a token bucket per address holding up to
 * {@code limit} failures, refilled evenly over {@code window}. An address that has spent its budget is
 * {@link #exhausted}; it is refused without any lookup until one failure refills. At most {@code maxAddresses}
 * are tracked: beyond that, addresses with a full budget are forgotten (they are as good as new), and if none is,
 * all are.
 */
final class FailureBudget {
    private final int limit;
    private final long windowNanos;
    private final int maxAddresses;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Failures left at a moment. */
    private record Bucket(double left, Instant at) {
    }

    FailureBudget(int limit, Duration window, int maxAddresses) {
        if (limit < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a failure budget needs a positive limit and window");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.maxAddresses = maxAddresses;
    }

    boolean exhausted(String address, Instant now) {
        var bucket = buckets.get(address);
        return bucket != null && left(bucket, now) < 1;
    }

    /** Spends one failure of the address's budget. */
    void spend(String address, Instant now) {
        if (buckets.size() >= maxAddresses && !buckets.containsKey(address)) {
            buckets.values().removeIf(bucket -> left(bucket, now) >= limit);
            if (buckets.size() >= maxAddresses) {
                buckets.clear();
            }
        }
        buckets.compute(address, (ignored, bucket) -> new Bucket(
                Math.max(0, (bucket == null ? limit : left(bucket, now)) - 1), now));
    }

    /** How long until the address may fail once more (zero when it may now). */
    Duration retryAfter(String address, Instant now) {
        var bucket = buckets.get(address);
        double missing = bucket == null ? 0 : 1 - left(bucket, now);
        return missing <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(missing * windowNanos / limit));
    }

    private double left(Bucket bucket, Instant now) {
        long elapsed = Math.max(0, Duration.between(bucket.at(), now).toNanos());
        return Math.min(limit, bucket.left() + (double) elapsed * limit / windowNanos);
    }
}
