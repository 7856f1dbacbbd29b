package io.tally.platform;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A query string read strictly, like a body with an unknown JSON field: an unknown or repeated parameter, or an empty
 * value, is a 400 naming it, so that a misspelt filter never widens what is read.
 */
public final class StrictQuery {
    private static final int MAX_TEXT = 128;
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    private final Map<String, List<String>> values;

    /** Checks every parameter given against {@code known}, and that none is given twice. */
    public StrictQuery(Map<String, List<String>> values, Set<String> known) {
        this.values = values;
        for (var name : new TreeSet<>(values.keySet())) {
            if (!known.contains(name)) {
                throw Refusal.invalid(name, name + ": unknown parameter; known: " + new TreeSet<>(known));
            }
            if (values.get(name).size() > 1) {
                throw Refusal.invalid(name, name + ": given more than once");
            }
        }
    }

    /** The value of a parameter, or null when it is absent; an empty value is refused. */
    public String raw(String name) {
        var list = values.get(name);
        if (list == null || list.isEmpty()) {
            return null;
        }
        var value = list.get(0);
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(name, name + ": must not be empty");
        }
        return value;
    }

    /** Free text of at most 128 characters, or null when absent. */
    public String text(String name) {
        return Fields.optionalText(name, raw(name), MAX_TEXT);
    }

    /** An ISO 3166-1 alpha-2 code, in upper case ({@code ZZ} is the unknown country), or null when absent. */
    public String country(String name) {
        var value = raw(name);
        if (value != null && !COUNTRY.matcher(value).matches()) {
            throw Refusal.invalid(name, name + ": an ISO 3166-1 alpha-2 code such as IT");
        }
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /** A month ({@code yyyy-MM}, read in the account's time zone by the caller), or null when absent. */
    public YearMonth month(String name) {
        var value = raw(name);
        if (value == null) {
            return null;
        }
        try {
            if (MONTH.matcher(value).matches()) {
                return YearMonth.parse(value);
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw Refusal.invalid(name, name + ": a month such as 2026-03 (yyyy-MM, in the account's time zone)");
    }
}
