package io.tally.auth;

import java.time.Instant;
import java.util.List;

/** A stored API key, without its secret. */
public record ApiKey(String id, String name, Role role, String account, boolean allAccounts, List<String> accounts,
        List<String> subAccounts, Instant createdAt, String createdBy, Instant revokedAt) {

    public ApiKey {
        accounts = List.copyOf(accounts);
        subAccounts = List.copyOf(subAccounts);
    }

    Caller toCaller() {
        return new Caller(id, role, account, allAccounts, java.util.Set.copyOf(accounts),
                java.util.Set.copyOf(subAccounts));
    }
}
