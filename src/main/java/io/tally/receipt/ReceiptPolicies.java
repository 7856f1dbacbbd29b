package io.tally.receipt;

import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.platform.ConfigCache;
import io.tally.platform.ConfigCaches;
import io.tally.platform.ConfigChanges;

/**
 * The accounts' receipt policies, read from PostgreSQL on first use and answered from memory after that; a
 * replacement is announced on the {@value #TOPIC} topic and every replica drops it (the TTL bounds a lost notice).
 * An account that set none, or that PostgreSQL does not know, gets the default.
 */
@Singleton
class ReceiptPolicies {
    static final String TOPIC = "receipt-policy";
    private static final int MAX_CACHED = 100_000;

    private final ReceiptPolicyRepository repository;
    private final ConfigChanges changes;
    private final ConfigCache<ReceiptPolicy> cache;

    ReceiptPolicies(ReceiptPolicyRepository repository, ConfigChanges changes, ConfigCaches caches,
            ReceiptsConfig config) {
        this.repository = repository;
        this.changes = changes;
        this.cache = caches.create(config.policyCacheTtl(), MAX_CACHED);
        changes.subscribe(TOPIC, cache::evict, cache::clear);
    }

    /** The policy receipts of {@code account} follow; no I/O when cached. */
    Uni<ReceiptPolicy> of(String account) {
        return cache.get(account, () -> repository.find(account)
                .map(found -> found.orElse(ReceiptPolicy.DEFAULT)));
    }

    /** As stored, for the API: empty when the account does not exist. */
    Uni<Optional<ReceiptPolicy>> stored(String account) {
        return repository.find(account);
    }

    /** Replaces the policy, then drops it here and tells the other replicas to; false for an unknown account. */
    Uni<Boolean> replace(String account, ReceiptPolicy policy) {
        return repository.replace(account, policy)
                .call(written -> written ? announce(account) : Uni.createFrom().voidItem());
    }

    private Uni<Void> announce(String account) {
        cache.evict(account);
        return changes.publish(TOPIC, account);
    }
}
