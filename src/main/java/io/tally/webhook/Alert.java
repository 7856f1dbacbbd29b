package io.tally.webhook;

import java.util.Map;
import java.util.Set;

/**
 * An alert as the alert streams ({@code {pN}:alerts}) carry it: its id, type, state (firing or resolved), account,
 * sub-account ('' for none), rule, values (a JSON object, as text) and when it was detected (epoch ms).
 */
record Alert(String id, String type, String state, String account, String sub, String rule, String values, long atMs) {
    static final Set<String> TYPES = Set.of("low-balance", "allowance-used", "limit-reached", "negative-balance",
            "credits-expiring", "recharge", "spending-anomaly");

    /**
     * @throws IllegalArgumentException when a field is missing or malformed: such an entry can never be delivered
     */
    static Alert of(Map<String, String> fields) {
        var id = required(fields, "id");
        long at;
        try {
            at = Long.parseLong(required(fields, "at_ms"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("at_ms: not a number");
        }
        var values = fields.getOrDefault("values", "{}");
        return new Alert(id, required(fields, "type"), required(fields, "state"), required(fields, "account"),
                fields.getOrDefault("sub", ""), fields.getOrDefault("rule", ""), values.isEmpty() ? "{}" : values, at);
    }

    private static String required(Map<String, String> fields, String name) {
        var value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + ": missing");
        }
        return value;
    }
}
