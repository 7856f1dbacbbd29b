package io.tally.account;

import java.time.Instant;
import java.util.OptionalLong;

import io.tally.ledger.SubAccountPolicy.Mode;

/**
 * An office, list or agency sub-account. {@code SHARED} draws on the account's pool, {@code ALLOCATED} on credits
 * allocated to it (then the pool when {@code fallbackToPool}); either may be capped by a spending limit per calendar
 * month in the account's time zone. The mode is the ledger's own ({@link Mode}), fixed at creation: switching would
 * strand an allocation.
 */
public record SubAccount(String account, String id, String name, Kind kind, Mode mode, boolean fallbackToPool,
        OptionalLong monthlyLimit, Instant createdAt) {

    public enum Kind {
        OFFICE,
        LIST,
        AGENCY
    }
}
