package io.tally.fee;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tally.fees")
public interface FeeConfig {
    /**
     * How often one replica (the one that takes {@code tally:fees:sweeper} first) charges the fees whose period has
     * started; a period is charged at most this late after its start.
     */
    @WithDefault("30s")
    Duration sweepInterval();

    /** Most fees one sweep looks at (each charged for every period it is behind, oldest first). */
    @WithDefault("200")
    int sweepBatch();
}
