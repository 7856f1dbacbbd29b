package io.tally.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An alert rule of an account (docs/alerts.md). What applies depends on the type: {@code threshold} (micro-credits:
 * low-balance, negative-balance), {@code percent} (allowance-used, limit-reached), {@code subAccount}
 * (limit-reached), {@code kinds} (allowance-used: the lot kinds watched, empty = plan allowance, commitment and
 * subscription), {@code days} (credits-expiring).
 */
public record AlertRule(String account, String id, AlertType type, OptionalLong threshold, OptionalInt percent,
        OptionalInt days, Optional<String> subAccount, List<String> kinds, boolean enabled, Instant createdAt,
        Instant updatedAt) {

    public AlertRule {
        Objects.requireNonNull(account);
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        kinds = List.copyOf(kinds);
    }
}
