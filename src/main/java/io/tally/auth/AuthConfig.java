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
}
