package io.tally.auth;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tally.auth")
interface AuthConfig {
    /** An operator key accepted without a database row, to create the first accounts and keys. 32+ characters. */
    Optional<String> bootstrapOperatorKey();

    /** How long a replica trusts a looked-up key before asking PostgreSQL again (bounds revocation delay). */
    @WithDefault("30s")
    Duration cacheTtl();

    /** How many known keys a replica keeps; beyond this the cache of known keys starts over. */
    @WithDefault("100000")
    int cacheSize();

    /**
     * How many well-formed tokens that named no key a replica remembers (for {@link #cacheTtl()}), apart from the
     * known keys: they can never push a known key out.
     */
    @WithDefault("10000")
    int unknownCacheSize();

    /**
     * Failed authentications (no key, a malformed or unknown one) a client address may make at once; beyond this
     * its requests get 429 unless their key is known good from memory, until the budget refills.
     */
    @WithDefault("20")
    int failureLimit();

    /** The time in which a spent failure budget refills completely, evenly over it. */
    @WithDefault("1m")
    Duration failureWindow();

    /** How many client addresses the failure budgets track; beyond this, full budgets are dropped. */
    @WithDefault("100000")
    int failureAddresses();

    /** How long a dashboard session lasts from its sign-in (the cookie's Max-Age and the Redis key's TTL). */
    @WithDefault("8h")
    Duration sessionTtl();

    /** Whether the dashboard's session cookie is {@code Secure} (HTTPS only); off in dev and test only. */
    @WithDefault("true")
    boolean sessionSecure();
}
