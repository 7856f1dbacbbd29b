package io.tally.reconciliation;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tally.reconciliation")
interface ReconciliationConfig {
    /** How often one replica reconciles every account with its ledger entries (docs/usage.md "Reconciliation"). */
    @WithDefault("5m")
    Duration interval();

    /**
     * How many open holds one script of a rebuild writes (docs/usage.md "Rebuild"): each step blocks Redis for
     * about 25 µs per hold.
     */
    @WithDefault("500")
    int rebuildChunk();
}
