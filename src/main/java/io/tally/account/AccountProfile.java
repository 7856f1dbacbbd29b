package io.tally.account;

import java.util.Map;
import java.util.Optional;

/** An account with its sub-accounts: the configuration the hot path needs, as one immutable snapshot. */
public record AccountProfile(Account account, Map<String, SubAccount> subAccounts) {
    public AccountProfile {
        subAccounts = Map.copyOf(subAccounts);
    }

    public Optional<SubAccount> subAccount(String id) {
        return Optional.ofNullable(subAccounts.get(id));
    }
}
