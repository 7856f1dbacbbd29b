package io.tally.alert;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
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

    /**
     * The thresholds firing now: the state fields ({@code <rule>[:<lot>]}) of the rules mirrored (lines of
     * {@link RuleMirror}); an office admin's only those of its sub-accounts.
     */
    static Resync of(String entry, List<String> rules, Collection<String> states, Optional<Set<String>> subAccounts) {
        var byId = new HashMap<String, String[]>();
        rules.forEach(line -> byId.put(RuleMirror.id(line), line.split("\\|", -1)));
        var firing = new ArrayList<Firing>();
        states.stream().sorted().forEach(field -> {
            var parts = field.split(":", 2);
            var spec = byId.get(parts[0]);
            if (spec == null || spec.length < 5) {
                return;
            }
            var sub = spec[4];
            if (subAccounts.isEmpty() || subAccounts.get().contains(sub)) {
                firing.add(new Firing(parts[0], spec[1], sub, parts.length > 1 ? parts[1] : ""));
            }
        });
        return new Resync(entry, List.copyOf(firing));
    }
}
