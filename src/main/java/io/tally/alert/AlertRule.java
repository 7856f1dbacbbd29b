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
 * subscription), {@code days} (credits-expiring), {@code service} and {@code kind} (low-balance: only the credits that
 * can pay for that service, or of that wallet kind, a {@code LotKind} name).
 */
public record AlertRule(String account, String id, AlertType type, OptionalLong threshold, OptionalInt percent,
        OptionalInt days, Optional<String> subAccount, List<String> kinds, Optional<String> service,
        Optional<String> kind, boolean enabled, Instant createdAt, Instant updatedAt) {

    public AlertRule {
        Objects.requireNonNull(account);
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        kinds = List.copyOf(kinds);
        Objects.requireNonNull(service);
        Objects.requireNonNull(kind);
    }
}
