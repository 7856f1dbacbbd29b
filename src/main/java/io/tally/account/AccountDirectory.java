package io.tally.account;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.tally.platform.ConfigCache;
import io.tally.platform.ConfigCaches;
import io.tally.platform.ConfigChanges;

/**
 * Accounts and their sub-accounts as the hot path sees them: from memory when warm, from PostgreSQL when not.
 * Every change is published ({@link ConfigChanges}, topic {@value #TOPIC}) and drops the entry on every replica;
 * {@code tally.accounts.cache-ttl} bounds how long a missed message could leave a stale snapshot.
 */
@Singleton
public class AccountDirectory {
    static final String TOPIC = "account";
    private static final int MAX_CACHED = 100_000;

    private final AccountRepository accounts;
    private final SubAccountRepository subAccounts;
    private final ConfigChanges changes;
    private final ConfigCache<Optional<AccountProfile>> cache;

    AccountDirectory(AccountRepository accounts, SubAccountRepository subAccounts, ConfigChanges changes,
            ConfigCaches caches,
            @ConfigProperty(name = "tally.accounts.cache-ttl", defaultValue = "60s") Duration ttl) {
        this.accounts = accounts;
        this.subAccounts = subAccounts;
        this.changes = changes;
        this.cache = caches.create(ttl, MAX_CACHED);
        changes.subscribe(TOPIC, cache::evict, cache::clear);
    }

    public Uni<Optional<AccountProfile>> profile(String accountId) {
        return cache.get(accountId, () -> load(accountId));
    }

    /** Drops the account here at once, and on every other replica when the message arrives. */
    Uni<Void> changed(String accountId) {
        cache.evict(accountId);
        return changes.publish(TOPIC, accountId);
    }

    private Uni<Optional<AccountProfile>> load(String accountId) {
        return accounts.find(accountId)
                .chain(account -> account.isEmpty()
                        ? Uni.createFrom().item(Optional.<AccountProfile> empty())
                        : subAccounts.list(accountId).map(subs -> Optional.of(new AccountProfile(account.get(),
                                subs.stream().collect(Collectors.toMap(SubAccount::id, Function.identity()))))));
    }
}
