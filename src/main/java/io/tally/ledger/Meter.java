package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Charge a use that already happened (inbound message, delivery receipt). Never refused: what the lots cannot pay
 * becomes debt, and the use is flagged over limit when the debt then exceeds {@code overdraftLimit}.
 * {@code rechargeBelow}: the account's auto-recharge threshold, as in {@link Reserve}.
 */
public record Meter(String account, String idempotencyKey, String fingerprint, String eventId,
        Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, String month, BurnPolicy burn,
        long overdraftLimit, String detail, OptionalLong rechargeBelow, String category,
        Optional<AccountLimit> accountLimit) {

    public Meter {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireToken(idempotencyKey, "idempotencyKey");
        LedgerKeys.requireToken(fingerprint, "fingerprint");
        LedgerKeys.requireToken(eventId, "eventId");
        Objects.requireNonNull(sub, "sub");
        Objects.requireNonNull(service, "service");
        LedgerKeys.requireCost(amount, "amount");
        now = now.truncatedTo(ChronoUnit.MILLIS);
        Months.require(month);
        Objects.requireNonNull(burn, "burn");
        if (overdraftLimit < 0) {
            throw new IllegalArgumentException("overdraftLimit must not be negative: " + overdraftLimit);
        }
        Objects.requireNonNull(detail, "detail");
        LedgerKeys.requireThreshold(rechargeBelow);
        LedgerKeys.requireCategory(category);
        Objects.requireNonNull(accountLimit, "accountLimit");
    }

    /** A meter on an account without a spending limit of its own. */
    public Meter(String account, String idempotencyKey, String fingerprint, String eventId,
            Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, String month, BurnPolicy burn,
            long overdraftLimit, String detail, OptionalLong rechargeBelow, String category) {
        this(account, idempotencyKey, fingerprint, eventId, sub, service, amount, now, month, burn, overdraftLimit,
                detail, rechargeBelow, category, Optional.empty());
    }

    /** A meter that names no category: only lots listing its service (or paying for all) pay for it. */
    public Meter(String account, String idempotencyKey, String fingerprint, String eventId,
            Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, String month, BurnPolicy burn,
            long overdraftLimit, String detail, OptionalLong rechargeBelow) {
        this(account, idempotencyKey, fingerprint, eventId, sub, service, amount, now, month, burn, overdraftLimit,
                detail, rechargeBelow, "");
    }

    /** A meter for an account without auto-recharge. */
    public Meter(String account, String idempotencyKey, String fingerprint, String eventId,
            Optional<SubAccountPolicy> sub, Service service, long amount, Instant now, String month, BurnPolicy burn,
            long overdraftLimit, String detail) {
        this(account, idempotencyKey, fingerprint, eventId, sub, service, amount, now, month, burn, overdraftLimit,
                detail, OptionalLong.empty());
    }

    /** This meter for an account whose auto-recharge threshold is {@code threshold}. */
    public Meter withRechargeBelow(OptionalLong threshold) {
        return new Meter(account, idempotencyKey, fingerprint, eventId, sub, service, amount, now, month, burn,
                overdraftLimit, detail, threshold, category, accountLimit);
    }

    /** This meter of a service of {@code value} (a category of the catalogue): lots listing it pay too. */
    public Meter withCategory(String value) {
        return new Meter(account, idempotencyKey, fingerprint, eventId, sub, service, amount, now, month, burn,
                overdraftLimit, detail, rechargeBelow, value, accountLimit);
    }

    /** This meter on an account with a spending limit: its use counts in the limit's period (never refused). */
    public Meter withAccountLimit(Optional<AccountLimit> limit) {
        return new Meter(account, idempotencyKey, fingerprint, eventId, sub, service, amount, now, month, burn,
                overdraftLimit, detail, rechargeBelow, category, limit);
    }
}
