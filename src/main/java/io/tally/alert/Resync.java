package io.tally.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sent instead of the missed alerts when a client's {@code Last-Event-ID} is older than the stream keeps: the
 * thresholds firing now (docs/alerts.md). Its SSE id is the stream's newest entry, so a client that reconnects with
 * it misses nothing after it.
 *
 * @param entry the stream's newest entry id when the resync was made
 */
record Resync(String entry, List<Firing> firing) implements StreamEvent {

    /** A threshold firing now: its rule, type, sub-account ('' for the whole account) and lot (allowance-used). */
    record Firing(String rule, String type, String subAccount, String lot) {
    }

    /** The firing states of the mirrored rules hash ({@code s:<rule>[:<lot>]} and {@code r:<rule>} fields). */
    static Resync of(String entry, Map<String, String> rules, Optional<Set<String>> subAccounts) {
        var firing = new ArrayList<Firing>();
        rules.keySet().stream().filter(field -> field.startsWith("s:")).sorted().forEach(field -> {
            var parts = field.substring(2).split(":", 2);
            var spec = rules.get("r:" + parts[0]);
            if (spec == null) {
                return;
            }
            var fields = spec.split("\\|", -1);
            var sub = fields.length > 3 ? fields[3] : "";
            if (subAccounts.isEmpty() || subAccounts.get().contains(sub)) {
                firing.add(new Firing(parts[0], fields[0], sub, parts.length > 1 ? parts[1] : ""));
            }
        });
        return new Resync(entry, List.copyOf(firing));
    }
}
