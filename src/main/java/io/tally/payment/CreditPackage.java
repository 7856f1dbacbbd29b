package io.tally.payment;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.tally.ledger.LotKind;
import io.tally.ledger.Service;

/**
 * A package of the catalogue: {@code credits} (micro-credits) sold for {@code priceMinor} minor units of
 * {@code currency}, granted as a lot of {@code kind} for {@code services} (empty = all) that expires {@code validity}
 * after the purchase, in the account's time zone (empty = never).
 */
public record CreditPackage(String id, String name, long priceMinor, String currency, long credits, LotKind kind,
        Optional<Period> validity, Set<Service> services, Instant updatedAt) {

    public CreditPackage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (priceMinor <= 0 || credits <= 0) {
            throw new IllegalArgumentException("a package's price and credits are positive");
        }
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(validity, "validity");
        services = Set.copyOf(services);
    }

    /** When a lot of this package bought at {@code at} expires, if it does. */
    public Optional<Instant> expiry(Instant at, ZoneId zone) {
        return validity.map(period -> at.atZone(zone).plus(period).toInstant());
    }
}
