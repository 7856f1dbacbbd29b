package io.tally.auth;

import java.time.Instant;
import java.util.List;

/** A key as listed: never its secret. */
record KeyView(String id, String name, String role, String account, boolean allAccounts, List<String> accounts,
        List<String> subAccounts, Instant createdAt, String createdBy, Instant revokedAt) {

    static KeyView of(ApiKey key) {
        return new KeyView(key.id(), key.name(), key.role().label(), key.account(), key.allAccounts(), key.accounts(),
                key.subAccounts(), key.createdAt(), key.createdBy(), key.revokedAt());
    }
}
