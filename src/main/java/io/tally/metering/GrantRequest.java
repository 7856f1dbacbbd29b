package io.tally.metering;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import io.tally.ledger.Lot;
import io.tally.ledger.LotKind;
import io.tally.ledger.Refresh;
import io.tally.ledger.Service;
import io.tally.ledger.Validity;
import io.tally.platform.Fields;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.pricing.Catalogue;

/**
 * A grant of credits: a new lot. {@code expiresOn} (a date) means the start of that day in the account's time zone;
 * {@code expiresAt} is an instant; at most one of them (neither: the kind's default validity, {@link Validity}).
 * Services default to all.
 */
record GrantRequest(String idempotencyKey, String kind, String amount, List<String> services, Integer priority,
        String effectiveFrom, String expiresAt, String expiresOn, RefreshBody refresh, String note) {

    record RefreshBody(String period, String rollover) {
    }

    Lot toLot(String lotId, Instant now, ZoneId zone) {
        return toLot(lotId, now, zone, Validity.parse(""));
    }

    Lot toLot(String lotId, Instant now, ZoneId zone, Validity validity) {
        return toLot(lotId, now, zone, validity, Catalogue.DEFAULT);
    }

    /**
     * The lot; without an expiry in the request, the kind's default {@code validity} (if any) gives it one. Its
     * services must be in the {@code catalogue}.
     */
    Lot toLot(String lotId, Instant now, ZoneId zone, Validity validity, Catalogue catalogue) {
        IdempotencyKeys.require(idempotencyKey);
        Fields.optionalText("note", note, 500);
        long micros = Amounts.positive("amount", amount);
        var from = effectiveFrom == null ? now : instant("effectiveFrom", effectiveFrom);
        var lotKind = Labels.parse("kind", kind, LotKind.class);
        var expiry = expiry(zone).or(() -> validity.expiry(lotKind, from, zone));
        if (expiry.isPresent() && !expiry.get().isAfter(from)) {
            throw Refusal.invalid(expiresAt != null ? "expiresAt" : "expiresOn",
                    "the expiry must come after effectiveFrom");
        }
        if (priority != null && (priority < 0 || priority > 1000)) {
            throw Refusal.invalid("priority", "priority: from 0 (burns first) to 1000");
        }
        return new Lot(lotId, lotKind, parsedServices(catalogue), priority == null
                ? OptionalInt.empty()
                : OptionalInt.of(priority), from, expiry, micros, micros, 0, parsedRefresh());
    }

    private Optional<Instant> expiry(ZoneId zone) {
        if (expiresAt != null && expiresOn != null) {
            throw Refusal.invalid("expiresOn", "expiresOn: give expiresAt or expiresOn, not both");
        }
        if (expiresAt != null) {
            return Optional.of(instant("expiresAt", expiresAt));
        }
        if (expiresOn != null) {
            try {
                return Optional.of(LocalDate.parse(expiresOn).atStartOfDay(zone).toInstant());
            } catch (DateTimeParseException e) {
                throw Refusal.invalid("expiresOn", "expiresOn: a date such as 2027-01-31");
            }
        }
        return Optional.empty();
    }

    /** Services the catalogue has; listing every service there is today still means these alone, not all. */
    private Set<Service> parsedServices(Catalogue catalogue) {
        var parsed = new HashSet<Service>();
        catalogue.requireLotEntries("services", services).forEach(name -> parsed.add(new Service(name)));
        return parsed;
    }

    private Optional<Refresh> parsedRefresh() {
        if (refresh == null) {
            return Optional.empty();
        }
        var period = Fields.text("refresh.period", refresh.period(), 20);
        try {
            Refresh.months(period);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("refresh.period", "refresh.period: whole months or years, such as P1M or P1Y");
        }
        var rollover = refresh.rollover() == null ? "NONE" : refresh.rollover();
        if (!Refresh.validRollover(rollover)) {
            throw Refusal.invalid("refresh.rollover", "refresh.rollover: NONE, ALL or CAPPED:<micro-credits>");
        }
        return Optional.of(new Refresh(period, rollover));
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw Refusal.invalid(field, field + ": an instant such as 2027-01-31T00:00:00Z");
        }
    }
}
