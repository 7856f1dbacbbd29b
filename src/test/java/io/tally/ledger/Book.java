package io.tally.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Builds the commands of one test account, with a clock and fresh idempotency keys, event and reservation ids. */
final class Book {
    static final Instant T0 = Instant.parse("2026-03-10T12:00:00Z");
    static final String MONTH = "2026-03";

    final String account;
    Instant now = T0;
    private int counter;

    Book(String account) {
        this.account = account;
    }

    int partition() {
        return Partitions.of(account, LedgerUnderTest.PARTITIONS);
    }

    String next(String prefix) {
        return prefix + (++counter);
    }

    static Lot lot(String id, LotKind kind, long amount) {
        return Lot.of(id, kind, amount, T0.minus(Duration.ofDays(1)));
    }

    static Lot lot(String id, LotKind kind, long amount, Set<Service> services, OptionalInt priority,
            Instant from, Optional<Instant> expires) {
        return new Lot(id, kind, services, priority, from, expires, amount, amount, 0, Optional.empty());
    }

    static Lot expiring(String id, LotKind kind, long amount, Instant expires) {
        return lot(id, kind, amount, Set.of(), OptionalInt.empty(), T0.minus(Duration.ofDays(1)),
                Optional.of(expires));
    }

    Grant grant(Lot lot) {
        return new Grant(account, next("g"), "fp-" + lot.id(), next("e"), lot, now, "{}");
    }

    Grant grant(String lotId, long amount) {
        return grant(lot(lotId, LotKind.UNIVERSAL, amount));
    }

    Reserve reserve(long amount) {
        return reserve(amount, Optional.empty(), Service.SMS, BurnPolicy.PLAN_FIRST);
    }

    Reserve reserve(long amount, SubAccountPolicy sub) {
        return reserve(amount, Optional.of(sub), Service.SMS, BurnPolicy.PLAN_FIRST);
    }

    Reserve reserve(long amount, Optional<SubAccountPolicy> sub, Service service, BurnPolicy burn) {
        return reserve(amount, sub, service, burn, ExpiredHoldAction.RELEASE);
    }

    Reserve reserve(long amount, Optional<SubAccountPolicy> sub, Service service, BurnPolicy burn,
            ExpiredHoldAction onExpiry) {
        var key = next("k");
        return new Reserve(account, key, "fp-" + key, next("e"), sub,
                service, amount, now, now.plusSeconds(60), MONTH, burn, onExpiry, "{\"n\":" + counter + "}");
    }

    Meter meter(long amount, long overdraftLimit) {
        return meter(amount, Optional.empty(), overdraftLimit);
    }

    Meter meter(long amount, Optional<SubAccountPolicy> sub, long overdraftLimit) {
        var key = next("k");
        return new Meter(account, key, "fp-" + key, next("e"), sub, Service.SMS, amount, now, MONTH,
                BurnPolicy.PLAN_FIRST, overdraftLimit, "{}");
    }

    Allocate allocate(String sub, long amount) {
        var key = next("k");
        return new Allocate(account, key, "fp-" + key, next("e"), sub, amount, now);
    }

    Settle commit(String reservationId) {
        return Settle.commit(reservationId, next("e"), now);
    }

    Settle commit(String reservationId, long finalAmount) {
        return Settle.commit(reservationId, finalAmount, next("e"), now);
    }

    Settle release(String reservationId) {
        return Settle.release(reservationId, next("e"), now);
    }

    Settle expire(String reservationId) {
        return Settle.expire(reservationId, next("e"), now);
    }

    static SubAccountPolicy allocated(String id, boolean fallback) {
        return new SubAccountPolicy(id, SubAccountPolicy.Mode.ALLOCATED, fallback, OptionalLong.empty());
    }

    static SubAccountPolicy limited(String id, long monthlyLimit) {
        return new SubAccountPolicy(id, SubAccountPolicy.Mode.SHARED, false, OptionalLong.of(monthlyLimit));
    }
}
