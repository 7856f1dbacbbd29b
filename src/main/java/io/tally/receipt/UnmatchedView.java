package io.tally.receipt;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tally.platform.Labels;

/** A carrier message whose receipts no dispatch matched: who sent it, when it was parked, and each part's status. */
record UnmatchedView(String account, String carrier, String messageId, Instant parkedAt, List<PartView> parts) {
    /** One part's best status so far. */
    record PartView(int part, String status, String errorCode, Instant occurredAt, Integer segments) {
    }

    static UnmatchedView of(String member, long since, Map<String, String> hash) {
        var names = member.split(":", 3);
        var parts = new ArrayList<PartView>();
        hash.forEach((field, value) -> {
            if (field.startsWith("p:")) {
                var v = value.split("\\|", -1);
                parts.add(new PartView(Integer.parseInt(field.substring(2)),
                        Labels.of(DeliveryStatus.valueOf(v[0])), v[1].isEmpty() ? null : v[1],
                        Instant.ofEpochMilli(Long.parseLong(v[2])), v[3].isEmpty() ? null : Integer.valueOf(v[3])));
            }
        });
        parts.sort((a, b) -> Integer.compare(a.part(), b.part()));
        return new UnmatchedView(names[0], names[1], names[2], Instant.ofEpochMilli(since), List.copyOf(parts));
    }
}
