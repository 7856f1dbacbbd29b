package io.tally.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One alert as the scripts appended it to {@code {pN}:alerts} (docs/alerts.md, "Alert stream").
 *
 * @param entry the stream entry id ({@code <ms>-<seq>}): the SSE id, the order of the partition's alerts
 * @param id the alert's own id ({@code <movement's event id>:<rule>[:<lot>]}), unique
 * @param sub the sub-account, '' for an alert of the whole account
 * @param values a JSON object of strings (credits as decimals), as the script wrote it
 */
public record Alert(String entry, String id, String type, String state, String account, String sub, String rule,
        String values, Instant at) implements StreamEvent {

    /** The alert of a stream entry's fields; empty when a field is missing (not an alert this version reads). */
    static Optional<Alert> of(String entry, Map<String, String> fields) {
        for (var name : new String[] { "id", "type", "state", "account", "sub", "rule", "values", "at_ms" }) {
            if (fields.get(name) == null) {
                return Optional.empty();
            }
        }
        long atMs;
        try {
            atMs = Long.parseLong(fields.get("at_ms"));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(new Alert(entry, fields.get("id"), fields.get("type"), fields.get("state"),
                fields.get("account"), fields.get("sub"), fields.get("rule"), fields.get("values"),
                Instant.ofEpochMilli(atMs)));
    }

    /** Whether an office admin of {@code subAccounts} may see it: only its sub-accounts' alerts. */
    boolean visibleTo(Optional<Set<String>> subAccounts) {
        return subAccounts.isEmpty() || subAccounts.get().contains(sub);
    }
}
