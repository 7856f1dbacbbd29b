package io.tally.ledger;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tally.ledger")
public interface LedgerConfig {
    /** Partitions P: each account lives in partition floorMod(crc32(id), P). Fixed for the life of a deployment. */
    @WithDefault("64")
    int partitions();

    /** How long a movement's idempotency record (and so its replayable reply) is kept. */
    @WithDefault("P7D")
    Duration idempotencyTtl();

    /**
     * Whether reserves also look up and write the idempotency record of the layout before holds answered repeats
     * ({@code {pN}:acct:<id>:idem:<key>}): on while upgrading from that layout and for one idempotency TTL after
     * (docs/ledger.md "Upgrading").
     */
    @WithDefault("false")
    boolean legacyIdempotency();

    /**
     * Whether movements may keep the index of usable lots sorted in burn order (docs/ledger.md "Redis keys"): off
     * while replicas of a version before the sorted form run, which would misread it (docs/ledger.md "Upgrading").
     */
    @WithDefault("true")
    boolean sortedIndex();

    /** How often each replica looks for holds past their deadline. */
    @WithDefault("1s")
    Duration sweepInterval();

    /**
     * How long a granted lot of each kind stays valid when its grant names no expiry: {@code kind=period} pairs
     * (ISO-8601 periods, from the lot's effective time in the account's zone), comma-separated; kinds not listed never
     * expire ({@link Validity}).
     */
    @WithDefault("package=P2Y")
    String validity();

    /**
     * How often the sweeper checks the accounts with a credits-expiring alert rule for lots coming within its days
     * (docs/alerts.md): a warning comes at most this late.
     */
    @WithDefault("1m")
    Duration expiryWarningInterval();

    /** Most holds one sweep of one partition settles (and most lots one sweep of one partition expires). */
    @WithDefault("200")
    int sweepBatch();
}
