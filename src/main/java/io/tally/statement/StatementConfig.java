package io.tally.statement;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tally.statements")
interface StatementConfig {
    /** How often one replica looks for scheduled statements to email (docs/reports.md "Statements"). */
    @WithDefault("15m")
    Duration interval();

    /** The sender of statement emails. */
    @WithDefault("statements@tally.invalid")
    String from();

    /** A claimed statement not sent after this long (its replica died) is sent by another. */
    @WithDefault("10m")
    Duration lease();
}
