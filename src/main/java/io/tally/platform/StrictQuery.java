package io.tally.platform;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A query string read strictly, like a body with an unknown JSON field: an unknown or repeated parameter, or an empty
 * value, is a 400 naming it, so that a misspelt filter never widens what is read.
 */
public final class StrictQuery {
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
}
