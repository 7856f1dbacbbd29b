package io.tally.receipt;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tally.receipts")
public interface ReceiptsConfig {
    /** How long a dispatched message (its reservation and parts) is kept in Redis after its hold's deadline. */
    @WithDefault("P1D")
    Duration retention();

    /** How long a parked message (receipts without a known reservation) is kept in Redis. */
    @WithDefault("P7D")
    Duration parkingTtl();

    /** A message parked this long is reported as unmatched (metric and operator listing). */
    @WithDefault("PT24H")
    Duration unmatchedAfter();

    /** How often each replica counts the unmatched messages (the gauge) and forgets those past the parking TTL. */
    @WithDefault("PT1M")
    Duration reportInterval();

    /** How long a replica keeps an account's receipt policy (a change is announced to every replica at once). */
    @WithDefault("PT5M")
    Duration policyCacheTtl();
}
