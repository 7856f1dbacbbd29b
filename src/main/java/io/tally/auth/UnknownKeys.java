package io.tally.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hashes of well-formed tokens that named no key, remembered for a while so that a client repeating one costs no
 * query. Bounded on its own, apart from the known keys: when full it starts over, which costs only lookups of
 * unknown tokens again, never a known key's entry.
 */
final class UnknownKeys {
    private final Duration ttl;
    private final int maxEntries;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();

    UnknownKeys(Duration ttl, int maxEntries) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    boolean contains(String hash, Instant now) {
        var expiry = expiries.get(hash);
        return expiry != null && now.isBefore(expiry);
    }

    void add(String hash, Instant now) {
        if (expiries.size() >= maxEntries) {
            expiries.clear();
        }
        expiries.put(hash, now.plus(ttl));
    }

    int size() {
        return expiries.size();
    }
}
