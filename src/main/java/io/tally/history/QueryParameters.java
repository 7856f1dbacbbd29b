package io.tally.history;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.tally.ledger.Service;
import io.tally.platform.Fields;
import io.tally.platform.Labels;
import io.tally.platform.Refusal;
import io.tally.platform.StrictQuery;
import io.tally.pricing.Credits;

/**
 * The query string of a history listing, read strictly: an unknown or repeated parameter is a 400 naming it, like an
 * unknown JSON field, so that a misspelt filter never widens a listing silently.
 */
final class QueryParameters {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Parameters every listing takes, beside its own filters. */
    static final Set<String> COMMON = Set.of("from", "to", "month", "limit", "cursor");

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private final StrictQuery query;

    QueryParameters(Map<String, List<String>> values, Set<String> filters) {
        this.query = new StrictQuery(values, union(COMMON, filters));
    }

    /** The value of a parameter, or null when it is absent; an empty value is refused. */
    String raw(String name) {
        return query.raw(name);
    }

    String text(String name) {
        return query.text(name);
    }

    String id(String name) {
        var value = raw(name);
        return value == null ? null : Fields.id(name, value);
    }

    <E extends Enum<E>> E label(String name, Class<E> type) {
        var value = raw(name);
        return value == null ? null : Labels.parse(name, value, type);
    }

    /**
     * A service id or label ({@code AI_AGENT}, {@code ai-agent}) as the ledger names it; a well-formed id the
     * catalogue does not have matches nothing.
     */
    String service(String name) {
        var value = raw(name);
        return value == null ? null
                : Service.parse(value).map(Service::name).orElseThrow(() -> Refusal.invalid(
                        name, name + ": a service id such as sms or ai-agent"));
    }

    String oneOf(String name, List<String> allowed) {
        var value = raw(name);
        if (value != null && !allowed.contains(value)) {
            throw Refusal.invalid(name, name + ": one of " + allowed);
        }
        return value;
    }

    /** An ISO 3166-1 alpha-2 code, in upper case ({@code ZZ} is the unknown country). */
    String country(String name) {
        return query.country(name);
    }

    int limit() {
        var value = raw("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Refusal.invalid("limit", "limit: a whole number from 1 to " + MAX_LIMIT);
    }

    Cursor cursor() {
        var value = raw("cursor");
        if (value == null) {
            return null;
        }
        return Cursor.decode(value).orElseThrow(() -> Refusal.invalid("cursor",
                "cursor: not a cursor of this listing (use the next value of the previous page)"));
    }

    /** {@code from} and {@code to}, or {@code month} (the account's calendar month), but not both. */
    Bounds.Period time() {
        var month = raw("month");
        if (month != null) {
            for (var other : List.of("from", "to")) {
                if (raw(other) != null) {
                    throw Refusal.invalid("month", "month: give either month or from/to, not both");
                }
            }
            return new Bounds.Period(query.month("month"), null);
        }
        var from = instant("from");
        var to = instant("to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw Refusal.invalid("to", "to: must be after from");
        }
        return new Bounds.Period(null, new Bounds.Time(from, to));
    }

    /** {@code min<Name>} and {@code max<Name>}: credits (non-negative, at most 6 decimals), exactly. */
    Bounds.Amount amount(String name) {
        var suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        var min = credits("min" + suffix);
        var max = credits("max" + suffix);
        if (min != null && max != null && min > max) {
            throw Refusal.invalid("max" + suffix, "max" + suffix + ": must not be below min" + suffix);
        }
        return new Bounds.Amount(min, max);
    }

    /** {@code min<Name>} and {@code max<Name>}: whole numbers from 0 to 10^12, both ends inclusive. */
    Bounds.Amount count(String name) {
        var suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        var min = whole("min" + suffix);
        var max = whole("max" + suffix);
        if (min != null && max != null && min > max) {
            throw Refusal.invalid("max" + suffix, "max" + suffix + ": must not be below min" + suffix);
        }
        return new Bounds.Amount(min, max);
    }

    /** A phone number in E.164: {@code +} and 2 to 15 digits. */
    String phone(String name) {
        var value = raw(name);
        if (value != null && !E164.matcher(value).matches()) {
            throw Refusal.invalid(name, name + ": a number in E.164 such as +393471234567");
        }
        return value;
    }

    private Long whole(String name) {
        var value = raw(name);
        if (value == null) {
            return null;
        }
        if (value.length() <= 13 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long number = Long.parseLong(value);
            if (number <= 1_000_000_000_000L) {
                return number;
            }
        }
        throw Refusal.invalid(name, name + ": a whole number from 0 to 1000000000000");
    }

    private Long credits(String name) {
        var value = raw(name);
        if (value == null) {
            return null;
        }
        var parsed = Credits.parse(value);
        if (parsed instanceof Credits.Parsed.Invalid invalid) {
            throw Refusal.invalid(name, name + ": " + invalid.reason());
        }
        return ((Credits.Parsed.Valid) parsed).micros();
    }

    private Instant instant(String name) {
        var value = raw(name);
        if (value == null) {
            return null;
        }
        try {
            var instant = Instant.parse(value);
            if (Cursor.storable(instant)) {
                return instant;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw Refusal.invalid(name, name + ": an ISO-8601 instant such as 2026-03-01T00:00:00Z");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
