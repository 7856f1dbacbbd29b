package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A wallet: credits granted at once, paying for some services ({@code services} empty = all) from
 * {@code effectiveFrom} until {@code expiresAt} (exclusive). {@code seq} is the grant order within the account; the
 * ledger assigns it when the lot is granted (a {@link Grant}'s value is ignored). Instants are kept to the
 * millisecond, as Redis stores them. A lot that refreshes ({@code refresh}) may hold more than {@code granted} (the
 * cycle's amount) once credits rolled over.
 */
public record Lot(String id, LotKind kind, Set<Service> services, OptionalInt priority, Instant effectiveFrom,
        Optional<Instant> expiresAt, long granted, long remaining, long seq, Optional<Refresh> refresh) {

    public Lot {
        LedgerKeys.requireId(id, "lot id");
        Objects.requireNonNull(kind, "kind");
        services = Set.copyOf(services);
        Objects.requireNonNull(priority, "priority");
        effectiveFrom = effectiveFrom.truncatedTo(ChronoUnit.MILLIS);
        expiresAt = expiresAt.map(at -> at.truncatedTo(ChronoUnit.MILLIS));
        Objects.requireNonNull(refresh, "refresh");
        if (granted <= 0 || granted > LedgerKeys.MAX_AMOUNT) {
            throw new IllegalArgumentException("granted must be in 1.." + LedgerKeys.MAX_AMOUNT + ": " + granted);
        }
        if (remaining < 0 || remaining > granted && refresh.isEmpty()) {
            throw new IllegalArgumentException("remaining must be in 0..granted: " + remaining);
        }
    }

    /** A fresh lot of {@code granted} credits for all services, effective at once, never expiring. */
    public static Lot of(String id, LotKind kind, long granted, Instant effectiveFrom) {
        return new Lot(id, kind, Set.of(), OptionalInt.empty(), effectiveFrom, Optional.empty(), granted, granted, 0,
                Optional.empty());
    }

    public Lot withRemaining(long value) {
        return new Lot(id, kind, services, priority, effectiveFrom, expiresAt, granted, value, seq, refresh);
    }

    /** The same lot expiring at {@code at} instead (a purchase that extends package expiries). */
    public Lot withExpiry(Instant at) {
        return new Lot(id, kind, services, priority, effectiveFrom, Optional.of(at), granted, remaining, seq, refresh);
    }

    public Lot withSeq(long value) {
        return new Lot(id, kind, services, priority, effectiveFrom, expiresAt, granted, remaining, value, refresh);
    }

    /** Whether this lot may pay for {@code service} at {@code now}, remaining aside. */
    public boolean usable(Service service, Instant now) {
        return usable(service, "", now);
    }

    /**
     * Whether this lot may pay for a use of {@code service} of {@code category} ({@code ""} = none named) at
     * {@code now}, remaining aside: it pays for every service, or lists the service, or lists the category.
     */
    public boolean usable(Service service, String category, Instant now) {
        return (services.isEmpty() || services.contains(service)
                || !category.isEmpty() && services.contains(Service.category(category)))
                && !now.isBefore(effectiveFrom)
                && expiresAt.map(now::isBefore).orElse(true);
    }
}
