package io.tally.account;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

import io.tally.ledger.LimitPeriod;
import io.tally.ledger.SubAccountPolicy.Mode;

/**
 * An office, list or agency sub-account. {@code SHARED} draws on the account's pool, {@code ALLOCATED} on credits
 * allocated to it (then the pool when {@code fallbackToPool}); either may be capped by a spending limit
 * ({@code monthlyLimit}, kept under its first name) per {@code limitPeriod}: a day, an ISO week or (by default) a month
 * in the account's time zone. The mode is the ledger's own ({@link Mode}), fixed at creation: switching would
 * strand an allocation.
 */
public record SubAccount(String account, String id, String name, Kind kind, Mode mode, boolean fallbackToPool,
        OptionalLong monthlyLimit, Instant createdAt, LimitPeriod limitPeriod) {

    public SubAccount {
        Objects.requireNonNull(limitPeriod, "limitPeriod");
    }

    /** A sub-account whose limit counts months. */
    public SubAccount(String account, String id, String name, Kind kind, Mode mode, boolean fallbackToPool,
            OptionalLong monthlyLimit, Instant createdAt) {
        this(account, id, name, kind, mode, fallbackToPool, monthlyLimit, createdAt, LimitPeriod.MONTH);
    }

    public enum Kind {
        OFFICE,
        LIST,
        AGENCY
    }
}
