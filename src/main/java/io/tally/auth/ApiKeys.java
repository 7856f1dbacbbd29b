package io.tally.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.tally.platform.ConfigCache;
import io.tally.platform.ConfigCaches;
import io.tally.platform.ConfigChanges;

/**
 * Issues, authenticates and revokes API keys. A token that is not a well-formed key ({@link ApiKeySecret}) is
 * refused without any lookup. Known keys are served from a per-replica cache for {@code tally.auth.cache-ttl}; the
 * hashes of well-formed tokens that named no key are remembered as long, in a cache of their own
 * ({@link UnknownKeys}) so that they can never push a known key out. A revocation is announced on the
 * {@value #TOPIC} topic of {@link ConfigChanges} with the key's hash, and every replica drops that entry at once;
 * the TTL bounds the delay if a notice is lost anyway.
 */
@Startup
@Singleton
public class ApiKeys {
    static final String BOOTSTRAP_KEY_ID = "bootstrap";
    static final String TOPIC = "api-key";
    static final String LOOKUPS = "tally.auth.lookups";
    private static final int MIN_BOOTSTRAP_LENGTH = 32;

    private final ApiKeyRepository repository;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConfigChanges changes;
    private final ConfigCache<Caller> cache;
    private final UnknownKeys unknown;
    private final byte[] bootstrapHash;
    private final Counter lookups;

    ApiKeys(ApiKeyRepository repository, AuthConfig config, Clock clock, ConfigChanges changes,
            ConfigCaches caches, MeterRegistry registry) {
        this.repository = repository;
        this.clock = clock;
        this.changes = changes;
        this.cache = caches.create(config.cacheTtl(), config.cacheSize());
        this.unknown = new UnknownKeys(config.cacheTtl(), config.unknownCacheSize());
        this.lookups = Counter.builder(LOOKUPS)
                .description("API keys looked up in PostgreSQL (cache misses)").register(registry);
        this.bootstrapHash = config.bootstrapOperatorKey().map(ApiKeys::bootstrapHash).orElse(null);
        changes.subscribe(TOPIC, cache::evict, cache::clear);
    }

    private static byte[] bootstrapHash(String key) {
        if (key.length() < MIN_BOOTSTRAP_LENGTH) {
            throw new IllegalStateException("tally.auth.bootstrap-operator-key must have at least "
                    + MIN_BOOTSTRAP_LENGTH + " characters");
        }
        return ApiKeySecret.hash(key).getBytes(StandardCharsets.US_ASCII);
    }

    /** The caller a secret identifies, or empty for an unknown, revoked or malformed key. */
    public Uni<Optional<Caller>> authenticate(String secret) {
        var hash = ApiKeySecret.hash(secret);
        if (isBootstrap(hash)) {
            return Uni.createFrom().item(Optional.of(Caller.operator(BOOTSTRAP_KEY_ID)));
        }
        if (!ApiKeySecret.wellFormed(secret)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return byHash(hash);
    }

    /**
     * The caller of the stored key with this hash, or empty when no active key has it (revoked: at once on every
     * replica, through the notice). The bootstrap key has no row and is never found here. Sessions hold the hash
     * of the key they were opened with, never the key, and look it up on every request.
     */
    Uni<Optional<Caller>> byHash(String hash) {
        if (unknown.contains(hash, clock.instant())) {
            return Uni.createFrom().item(Optional.empty());
        }
        return cache.get(hash, () -> lookUp(hash))
                .map(Optional::of)
                .onFailure(NoSuchKey.class).recoverWithItem(() -> {
                    unknown.add(hash, clock.instant());
                    return Optional.empty();
                });
    }

    /** The caller a secret identifies if that is known without a lookup: the bootstrap key or a cached key. */
    Optional<Caller> fromMemory(String secret) {
        var hash = ApiKeySecret.hash(secret);
        return isBootstrap(hash) ? Optional.of(Caller.operator(BOOTSTRAP_KEY_ID)) : cache.peek(hash);
    }

    private boolean isBootstrap(String hash) {
        return bootstrapHash != null && MessageDigest.isEqual(bootstrapHash, hash.getBytes(StandardCharsets.US_ASCII));
    }

    /** The key's caller; fails with {@link NoSuchKey} when no active key has the hash, so that none is cached. */
    private Uni<Caller> lookUp(String hash) {
        lookups.increment();
        return repository.findActiveByHash(hash)
                .map(key -> key.map(ApiKey::toCaller).orElseThrow(() -> NoSuchKey.INSTANCE));
    }

    /** No active key has the hash: not a failure of the lookup, and never served from a stale entry. */
    private static final class NoSuchKey extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final NoSuchKey INSTANCE = new NoSuchKey();

        private NoSuchKey() {
            super("no active key has this hash", null, false, false);
        }
    }

    /** Stores a new key and answers it with its secret, which is never retrievable again. */
    Uni<IssuedKey> issue(NewKey request, Caller creator) {
        var secret = ApiKeySecret.generate(random);
        var key = new ApiKey(ApiKeySecret.newId(random), request.name(), request.role(), request.account(),
                request.allAccounts(), request.accounts(), request.subAccounts(), clock.instant(), creator.keyId(),
                null);
        return repository.insert(key, ApiKeySecret.hash(secret))
                .replaceWith(new IssuedKey(key, secret));
    }

    Uni<List<ApiKey>> list(String accountId) {
        return repository.listForAccount(accountId);
    }

    Uni<Optional<ApiKey>> find(String keyId, String accountId) {
        return repository.findInAccount(keyId, accountId);
    }

    /**
     * Revokes the key (a second revocation keeps the first time) and announces it to every replica, this one
     * included. False when the account has no such key. Fails when the notice cannot be published: the key is
     * revoked then, and a retry announces it again.
     */
    Uni<Boolean> revoke(String keyId, String accountId) {
        return repository.revoke(keyId, accountId, clock.instant())
                .call(this::announce)
                .map(Optional::isPresent);
    }

    private Uni<Void> announce(Optional<String> revokedHash) {
        if (revokedHash.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        cache.evict(revokedHash.get());
        return changes.publish(TOPIC, revokedHash.get());
    }

    record IssuedKey(ApiKey key, String secret) {
    }
}
