package io.tally.webhook;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

import io.tally.platform.Refusal;

/**
 * The body of {@code POST} and {@code PATCH /v1/accounts/{account}/webhook-endpoints[/{endpoint}]}: the URL, the alert
 * types delivered (absent or empty: all), and, on PATCH, {@code enabled} (true re-enables an endpoint disabled by a
 * 410). On PATCH an absent field keeps its value.
 */
record EndpointRequest(String url, List<String> types, Boolean enabled) {
    private static final int MAX_TYPES = 16;

    /** The types, checked: known, each once. */
    List<String> checkedTypes() {
        if (types == null) {
            return List.of();
        }
        if (types.size() > MAX_TYPES) {
            throw Refusal.invalid("types", "types: at most " + MAX_TYPES);
        }
        var checked = new LinkedHashSet<String>();
        for (int i = 0; i < types.size(); i++) {
            var type = types.get(i);
            if (type == null || !Alert.TYPES.contains(type)) {
                throw Refusal.invalid("types[" + i + "]",
                        "types[" + i + "]: one of " + String.join(", ", new TreeSet<>(Alert.TYPES)));
            }
            if (!checked.add(type)) {
                throw Refusal.invalid("types[" + i + "]", "types[" + i + "]: " + type + " is listed twice");
            }
        }
        return new ArrayList<>(checked);
    }
}
