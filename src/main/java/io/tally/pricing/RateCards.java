package io.tally.pricing;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.inject.Singleton;

import io.smallrye.mutiny.Uni;
import io.tally.platform.ConfigCache;
import io.tally.platform.ConfigCaches;
import io.tally.platform.ConfigChanges;

/**
 * The rate cards of this replica: the default card and each account's overrides, read from PostgreSQL on first
 * use and answered from memory after that. A replacement is announced on the {@value #TOPIC} topic of
 * {@link ConfigChanges} with the account id ({@value #DEFAULT_CARD} for the default card), and every replica drops
 * that card; the cache's TTL ({@code tally.pricing.cache-ttl}) bounds staleness if a notice is lost anyway.
 */
@Singleton
public class RateCards {
    static final String TOPIC = "rates";
    /** The default card's id on the topic and in the cache: never an account id. */
    static final String DEFAULT_CARD = "*";
    private static final int MAX_CACHED = 100_000;

    private final RateRepository repository;
    private final ServiceCatalogue catalogue;
    private final ConfigChanges changes;
    private final Clock clock;
    private final ConfigCache<RateCard> cache;

    RateCards(RateRepository repository, ServiceCatalogue catalogue, ConfigChanges changes, PricingConfig config,
            Clock clock, ConfigCaches caches) {
        this.repository = repository;
        this.catalogue = catalogue;
        this.changes = changes;
        this.clock = clock;
        this.cache = caches.create(config.cacheTtl(), MAX_CACHED);
        changes.subscribe(TOPIC, cache::evict, cache::clear);
    }

    /**
     * The rates that apply to an account: the default card, the account's overrides (empty for an account
     * without overrides, or an unknown one) and the service catalogue. No I/O when all are cached.
     */
    public Uni<PriceList> forAccount(String accountId) {
        return Uni.combine().all().unis(card(Optional.empty()), card(Optional.of(accountId)), catalogue.current())
                .asTuple()
                .map(found -> new PriceList(found.getItem1(), found.getItem2(), found.getItem3()));
    }

    /** The rates that apply without an account: the default card alone, and the service catalogue. */
    public Uni<PriceList> defaults() {
        return Uni.combine().all().unis(card(Optional.empty()), catalogue.current()).asTuple()
                .map(found -> new PriceList(found.getItem1(), RateCard.EMPTY, found.getItem2()));
    }

    /** A card as stored, read from PostgreSQL (for the admin API); empty when the account does not exist. */
    Uni<Optional<StoredCard>> stored(Optional<String> account) {
        return repository.find(account);
    }

    /**
     * Replaces a card, then drops it here and tells the other replicas to. Empty when the account does not exist.
     * Fails when the notice cannot be published; the card is stored then, and a retry announces it again.
     */
    Uni<Optional<StoredCard>> replace(Optional<String> account, RateCard card) {
        // PostgreSQL keeps microseconds: the answer of the PUT shows what a GET will.
        return repository.replace(account, card, clock.instant().truncatedTo(ChronoUnit.MICROS))
                .call(stored -> stored.isPresent() ? announce(account) : Uni.createFrom().voidItem());
    }

    private Uni<RateCard> card(Optional<String> account) {
        return cache.get(id(account), () -> load(account));
    }

    private Uni<RateCard> load(Optional<String> account) {
        return repository.find(account)
                .map(stored -> stored.map(StoredCard::card).orElse(RateCard.EMPTY));
    }

    private Uni<Void> announce(Optional<String> account) {
        cache.evict(id(account));
        return changes.publish(TOPIC, id(account));
    }

    /** For tests: the card this replica holds in memory, without loading it. */
    Optional<RateCard> cached(Optional<String> account) {
        return cache.peek(id(account));
    }

    private static String id(Optional<String> account) {
        return account.orElse(DEFAULT_CARD);
    }
}
