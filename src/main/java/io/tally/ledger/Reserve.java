package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Hold {@code amount} micro-credits for an outbound message until {@code deadline}. {@code month} is the current
 * month ({@code yyyy-MM}) in the account's time zone, computed by the caller; {@code detail} is JSON carried into
 * the events. The reservation id is derived from the idempotency key ({@link LedgerKeys#reservationIdFor}). Instants are kept
 * to the millisecond. {@code rechargeBelow} is the account's auto-recharge threshold, if it has one: a reserve that
 * leaves the account's available credits below it records a pending recharge. Invalid values throw
 * {@link IllegalArgumentException}. {@code month} is the label of the sub-account's limit period (a day or ISO week
 * when its limit counts those, {@link LimitPeriod}); {@code accountLimit} the account's own limit and period.
 */
public record Reserve(String account, String idempotencyKey, String fingerprint, String reservationId,
        String eventId, Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, Instant deadline,
        String month, BurnPolicy burn, ExpiredHoldAction onExpiry, String detail, OptionalLong rechargeBelow,
        String category, Optional<AccountLimit> accountLimit) {

    public Reserve {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireToken(idempotencyKey, "idempotencyKey");
        LedgerKeys.requireToken(fingerprint, "fingerprint");
        // The account was checked just above; the id derived from it needs no check of its own.
        if (!LedgerKeys.derivedReservationId(account, idempotencyKey).equals(reservationId)) {
            throw new IllegalArgumentException("reservation id must be the one of its idempotency key: " + reservationId);
        }
        LedgerKeys.requireToken(eventId, "eventId");
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(service, "service");
        LedgerKeys.requireCost(amount, "amount");
        now = now.truncatedTo(ChronoUnit.MILLIS);
        deadline = deadline.truncatedTo(ChronoUnit.MILLIS);
        Months.require(month);
        Objects.requireNonNull(burn, "burn");
        Objects.requireNonNull(onExpiry, "onExpiry");
        Objects.requireNonNull(detail, "detail");
        LedgerKeys.requireThreshold(rechargeBelow);
        LedgerKeys.requireCategory(category);
        Objects.requireNonNull(accountLimit, "accountLimit");
    }

    /** A reserve on an account without a spending limit of its own. */
    public Reserve(String account, String idempotencyKey, String fingerprint, String reservationId, String eventId,
            Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, Instant deadline, String month,
            BurnPolicy burn, ExpiredHoldAction onExpiry, String detail, OptionalLong rechargeBelow, String category) {
        this(account, idempotencyKey, fingerprint, reservationId, eventId, sub, service, amount, now, deadline, month,
                burn, onExpiry, detail, rechargeBelow, category, Optional.empty());
    }

    /** A reserve that names no category: only lots listing its service (or paying for all) pay for it. */
    public Reserve(String account, String idempotencyKey, String fingerprint, String reservationId, String eventId,
            Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, Instant deadline, String month,
            BurnPolicy burn, ExpiredHoldAction onExpiry, String detail, OptionalLong rechargeBelow) {
        this(account, idempotencyKey, fingerprint, reservationId, eventId, sub, service, amount, now, deadline, month,
                burn, onExpiry, detail, rechargeBelow, "");
    }

    /** A reserve for an account without auto-recharge. */
    public Reserve(String account, String idempotencyKey, String fingerprint, String reservationId, String eventId,
            Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, Instant deadline, String month,
            BurnPolicy burn, ExpiredHoldAction onExpiry, String detail) {
        this(account, idempotencyKey, fingerprint, reservationId, eventId, sub, service, amount, now, deadline, month,
                burn, onExpiry, detail, OptionalLong.empty());
    }

    /** A reserve whose reservation id is derived from its idempotency key (the only id the ledger accepts). */
    public Reserve(String account, String idempotencyKey, String fingerprint, String eventId,
            Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, Instant deadline, String month,
            BurnPolicy burn, ExpiredHoldAction onExpiry, String detail) {
        this(account, idempotencyKey, fingerprint, LedgerKeys.reservationIdFor(account, idempotencyKey), eventId, sub,
                service, amount, now, deadline, month, burn, onExpiry, detail, OptionalLong.empty());
    }

    /** This reserve for an account whose auto-recharge threshold is {@code threshold}. */
    public Reserve withRechargeBelow(OptionalLong threshold) {
        return new Reserve(account, idempotencyKey, fingerprint, reservationId, eventId, sub, service, amount, now,
                deadline, month, burn, onExpiry, detail, threshold, category, accountLimit);
    }

    /** This reserve of a service of {@code value} (a category of the catalogue): lots listing it pay too. */
    public Reserve withCategory(String value) {
        return new Reserve(account, idempotencyKey, fingerprint, reservationId, eventId, sub, service, amount, now,
                deadline, month, burn, onExpiry, detail, rechargeBelow, value, accountLimit);
    }

    /** This reserve on an account whose spending limit (and its current period) is {@code limit}. */
    public Reserve withAccountLimit(Optional<AccountLimit> limit) {
        return new Reserve(account, idempotencyKey, fingerprint, reservationId, eventId, sub, service, amount, now,
                deadline, month, burn, onExpiry, detail, rechargeBelow, category, limit);
    }
}
