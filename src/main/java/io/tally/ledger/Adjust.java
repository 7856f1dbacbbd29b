package io.tally.ledger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * An adjustment (docs/ledger.md "Adjustments"): {@code amount > 0} credits the account's pool (or, with
 * {@code subAccount}, that sub-account's allocation) through a new lot {@code lotId} of kind {@code UNIVERSAL} for every
 * service, effective at once, never expiring; it pays the debt first, as a grant does. {@code amount < 0} debits the
 * pool (or the allocation) by {@code |amount|}, taking the credits from the lots usable now for any service, in the
 * account's burn order; it never takes a budget or a lot below zero (refused instead). The debit lowers
 * {@code granted}: an adjustment moves what the account was given, never what it spent. {@code reason} and {@code by}
 * (who made it: a key id) are carried into the event ({@link #requireReason}).
 */
public record Adjust(String account, String idempotencyKey, String fingerprint, String eventId,
        Optional<String> subAccount, long amount, String lotId, BurnPolicy burn, Instant now, String reason, String by) {

    public Adjust {
        LedgerKeys.requireId(account, "account id");
        LedgerKeys.requireToken(idempotencyKey, "idempotencyKey");
        LedgerKeys.requireToken(fingerprint, "fingerprint");
        LedgerKeys.requireToken(eventId, "eventId");
        subAccount.ifPresent(sub -> LedgerKeys.requireId(sub, "sub-account id"));
        LedgerKeys.requireAmount(Math.abs(amount), "|amount|");
        if (amount > 0) {
            LedgerKeys.requireId(lotId, "lot id");
        }
        Objects.requireNonNull(burn, "burn");
        now = now.truncatedTo(ChronoUnit.MILLIS);
        requireReason(reason);
        LedgerKeys.requireToken(by, "by");
        if (by.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("by must hold no control character");
        }
    }

    /** The longest reason an adjustment carries. */
    public static final int MAX_REASON = 500;

    /** A reason is 1 to {@value #MAX_REASON} characters without control characters (it is an event's own field). */
    static void requireReason(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank() || reason.length() > MAX_REASON || reason.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("reason must be 1-" + MAX_REASON + " characters without control characters");
        }
    }

    /** Whether this adjustment credits (else it debits). */
    public boolean credit() {
        return amount > 0;
    }

    /** The lot a credit adds. */
    public Lot lot() {
        return Lot.of(lotId, LotKind.UNIVERSAL, amount, now);
    }
}
