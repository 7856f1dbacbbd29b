package io.tally.fee;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import io.tally.ledger.BillingCycle;
import io.tally.ledger.Refresh;
import io.tally.platform.Fields;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.pricing.Credits;

/**
 * The body of {@code PUT /v1/accounts/{account}/fees/{fee}}: {@code name}, {@code kind} ({@code number-rental},
 * {@code subscription}, {@code other}), {@code service} (an id of the catalogue the charges are uses of),
 * {@code amount} per unit and period (credits, at most 6 decimals), {@code quantity} (units; a number rental without
 * one counts the account's numbers), {@code period} (whole months or years, {@code P1M}, {@code P3M}, {@code P1Y};
 * default the account's billing cycle), {@code startsAt} and {@code endsAt} (instants: the periods charged are those
 * of the cycle starting at or after {@code startsAt} and before {@code endsAt}; default from now, with no end),
 * {@code subAccount} (the sub-account charged, default the account's pool).
 */
record FeeRequest(String name, String kind, String service, String subAccount, String amount, Long quantity,
        String period, String startsAt, String endsAt) {

    static final long MAX_QUANTITY = 1_000_000;

    /** The fee's terms, checked; {@code service} and {@code subAccount} are checked against the account by the caller. */
    Terms terms(BillingCycle cycle, Instant now) {
        var feeName = Fields.text("name", name, 200);
        var feeKind = Labels.parse("kind", kind, FeeKind.class);
        Fields.required("service", service);
        long micros = micros();
        var units = units(feeKind);
        if (units.isPresent()) {
            try {
                FeePeriods.cost(micros, units.getAsLong());
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("amount", "amount: amount times quantity is more than one use may cost");
            }
        }
        int months = months(cycle);
        var from = startsAt == null ? now : instant("startsAt", startsAt);
        var until = endsAt == null ? Optional.<Instant> empty() : Optional.of(instant("endsAt", endsAt));
        if (until.isPresent() && !until.get().isAfter(from)) {
            throw Refusal.invalid("endsAt", "endsAt: after startsAt");
        }
        return new Terms(feeName, feeKind, Optional.ofNullable(subAccount), micros, units, months, from, until);
    }

    /** What a request says, checked. */
    record Terms(String name, FeeKind kind, Optional<String> subAccount, long amount, OptionalLong quantity,
            int months, Instant startsAt, Optional<Instant> endsAt) {
    }

    private long micros() {
        var parsed = Credits.parse(Fields.required("amount", amount));
        if (parsed instanceof Credits.Parsed.Invalid invalid) {
            throw Refusal.invalid("amount", "amount: " + invalid.reason());
        }
        long micros = ((Credits.Parsed.Valid) parsed).micros();
        if (micros == 0) {
            throw Refusal.invalid("amount", "amount: must be more than 0");
        }
        return micros;
    }

    private OptionalLong units(FeeKind feeKind) {
        if (quantity == null) {
            if (feeKind != FeeKind.NUMBER_RENTAL) {
                throw Refusal.invalid("quantity", "quantity: required, except for a number rental (which counts the"
                        + " numbers)");
            }
            return OptionalLong.empty();
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw Refusal.invalid("quantity", "quantity: 1 to " + MAX_QUANTITY);
        }
        return OptionalLong.of(quantity);
    }

    private int months(BillingCycle cycle) {
        if (period == null) {
            return cycle.period().months();
        }
        try {
            return Refresh.months(period);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("period", "period: whole months or years, such as P1M, P3M or P1Y");
        }
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw Refusal.invalid(field, field + ": an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
