package io.tally.ledger;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long a lot of each kind stays valid when its grant names no expiry: {@code kind=period} pairs, comma-separated
 * ({@code package=P2Y,promotional=P90D}); a kind not listed never expires. The period runs from the lot's
 * {@code effectiveFrom} in the account's time zone (two years from 10 March is 10 March, at the same wall-clock time).
 */
public record Validity(Map<LotKind, Period> periods) {
    public Validity {
        var copy = new EnumMap<LotKind, Period>(LotKind.class);
        copy.putAll(periods);
        periods = Collections.unmodifiableMap(copy);
    }

    /** The validities of {@code text} ({@code ''} = none); an unknown kind or a bad period is an IllegalArgumentException. */
    public static Validity parse(String text) {
        var periods = new EnumMap<LotKind, Period>(LotKind.class);
        if (text != null && !text.isBlank()) {
            for (var pair : text.split(",")) {
                var kv = pair.trim().split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("a validity is kind=period: " + pair);
                }
                var kind = LotKind.valueOf(kv[0].trim().toUpperCase(Locale.ROOT).replace('-', '_'));
                try {
                    var period = Period.parse(kv[1].trim());
                    if (period.isNegative() || period.isZero()) {
                        throw new IllegalArgumentException("a validity is positive: " + pair);
                    }
                    periods.put(kind, period);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("a validity's period is ISO-8601 (P2Y): " + pair, e);
                }
            }
        }
        return new Validity(periods);
    }

    /** The default expiry of a lot of {@code kind} effective from {@code from}, if its kind has a validity. */
    public Optional<Instant> expiry(LotKind kind, Instant from, ZoneId zone) {
        return Optional.ofNullable(periods.get(kind)).map(period -> from.atZone(zone).plus(period).toInstant());
    }
}
