package io.tally.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of a partition's events stream ({@code {pN}:events}, docs/ledger.md "Events"), as the usage writer reads
 * it: the Redis stream id, the partition, and the entry's fields.
 */
public record LedgerEvent(int partition, String streamId, Map<String, String> fields) {

    public LedgerEvent {
        fields = Map.copyOf(fields);
        for (var required : List.of("id", "type", "account", "amount", "time")) {
            if (fields.get(required) == null || fields.get(required).isEmpty()) {
                throw new IllegalArgumentException("event " + streamId + " has no " + required);
            }
        }
    }

    public String id() {
        return fields.get("id");
    }

    public String type() {
        return fields.get("type");
    }

    public String account() {
        return fields.get("account");
    }

    public Instant time() {
        return millis("time");
    }

    public long amount() {
        return number("amount");
    }

    /** A field, or "" when the event has none. */
    public String text(String field) {
        return fields.getOrDefault(field, "");
    }

    /** A field, or null when it is absent or empty. */
    public String optional(String field) {
        var value = fields.get(field);
        return value == null || value.isEmpty() ? null : value;
    }

    public long number(String field) {
        var value = fields.get(field);
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    public Instant millis(String field) {
        return Instant.ofEpochMilli(Long.parseLong(fields.get(field)));
    }

    /** The {@code lotId:amount,…} list of {@code field}, in order. */
    public List<LotAmount> lots(String field) {
        var text = text(field);
        var lots = new ArrayList<LotAmount>();
        if (!text.isEmpty()) {
            for (var part : text.split(",")) {
                int colon = part.lastIndexOf(':');
                lots.add(new LotAmount(part.substring(0, colon), Long.parseLong(part.substring(colon + 1))));
            }
        }
        return lots;
    }

    public record LotAmount(String lotId, long amount) {
    }
}
