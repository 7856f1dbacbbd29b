package io.tally.payment;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.tally.account.AccountDirectory;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.platform.ConfigCache;
import io.tally.platform.ConfigCaches;
import io.tally.platform.ConfigChanges;
import io.tally.platform.Refusal;

/**
 * Accounts' auto-recharge settings: set and read by admins, and the threshold for the hot path, from memory when
 * warm. A change is published ({@link ConfigChanges}, topic {@value #TOPIC}) and drops the entry on every replica.
 */
@Singleton
public class AutoRecharges {
    static final String TOPIC = "auto-recharge";
    private static final int MAX_CACHED = 100_000;

    private final AutoRechargeRepository repository;
    private final AccountDirectory directory;
    private final ConfigChanges changes;
    private final ConfigCache<Optional<AutoRecharge>> cache;
    private final Clock clock;

    AutoRecharges(AutoRechargeRepository repository, AccountDirectory directory, ConfigChanges changes,
            ConfigCaches caches, Clock clock,
            @ConfigProperty(name = "tally.accounts.cache-ttl", defaultValue = "60s") Duration ttl) {
        this.repository = repository;
        this.directory = directory;
        this.changes = changes;
        this.clock = clock;
        this.cache = caches.create(ttl, MAX_CACHED);
        changes.subscribe(TOPIC, cache::evict, cache::clear);
    }

    /** The threshold below which a movement opens a recharge; empty when the account has no auto-recharge on. */
    public Uni<OptionalLong> threshold(String account) {
        return cache.get(account, () -> repository.find(account))
                .map(settings -> settings.map(AutoRecharge::trigger).orElse(OptionalLong.empty()));
    }

    /** The settings as stored now (the worker reads them fresh). */
    Uni<Optional<AutoRecharge>> current(String account) {
        return repository.find(account);
    }

    public Uni<AutoRechargeView> view(String account, Caller caller) {
        return get(account, caller).map(AutoRechargeView::of);
    }

    /** The settings as the API answers them, stored from a request as the API takes it. */
    public Uni<AutoRechargeView> change(String account, AutoRechargeRequest request, Caller caller) {
        return put(account, request, caller).map(AutoRechargeView::of);
    }

    Uni<AutoRecharge> get(String account, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        return requireAccount(account)
                .chain(() -> repository.find(account))
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no auto-recharge for account " + account)));
    }

    Uni<AutoRecharge> put(String account, AutoRechargeRequest request, Caller caller) {
        Scopes.requireWholeAccount(caller, account);
        var settings = request.toSettings(account);
        return requireAccount(account)
                .chain(() -> repository.save(settings, clock.instant()))
                .invoke(() -> cache.evict(account))
                .call(() -> changes.publish(TOPIC, account))
                .replaceWith(settings);
    }

    private Uni<Void> requireAccount(String account) {
        return directory.profile(account)
                .invoke(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)))
                .replaceWithVoid();
    }
}
