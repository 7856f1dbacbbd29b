package io.tally.ledger;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * How a sub-account draws credit. {@code SHARED} draws on the account's pool; {@code ALLOCATED} draws on its own
 * allocation and, with {@code fallbackToPool}, on the pool once the allocation is used up. Either mode may have a
 * monthly spending limit (micro-credits, month spend including open holds, in the account's time zone).
 */
public record SubAccountPolicy(String id, Mode mode, boolean fallbackToPool, OptionalLong monthlyLimit) {
    /** Where a sub-account's reservations are budgeted. */
    public enum Mode {
        SHARED,
        ALLOCATED
    }

    public SubAccountPolicy {
        LedgerKeys.requireId(id, "sub-account id");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(monthlyLimit, "monthlyLimit");
    }

    /** A shared sub-account without a monthly limit. */
    public static SubAccountPolicy shared(String id) {
        return new SubAccountPolicy(id, Mode.SHARED, false, OptionalLong.empty());
    }
}
