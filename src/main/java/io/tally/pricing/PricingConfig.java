package io.tally.pricing;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tally.pricing")
interface PricingConfig {
    /**
     * How long a replica keeps a rate card it read. Changes reach every replica at once through Redis pub/sub;
     * this bounds how stale a card can be if a change notice is lost anyway.
     */
    @WithDefault("5m")
    Duration cacheTtl();
}
