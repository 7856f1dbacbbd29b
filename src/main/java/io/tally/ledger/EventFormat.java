package io.tally.ledger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a ledger event is stored in its partition's stream (docs/ledger.md "Events"): one field, {@code e}, whose
 * values are joined by US (U+001F) in the order {@link #names} gives for the event's type, the detail (JSON, which
 * never holds a control character) last. Entries of the layout before, one stream field per name, read the same.
 */
public final class EventFormat {
    /** The stream field that holds a whole event. */
    public static final String FIELD = "e";

    private static final char US = '\u001f';
    private static final List<String> BASE = List.of("type", "id", "account", "sub", "service", "amount", "charges",
            "time", "reservation");
    private static final List<String> SETTLE = List.of("committed", "released", "returned", "toAlloc", "month",
            "reserved");
    private static final Map<String, List<String>> OWN = Map.ofEntries(
            Map.entry("reserve", List.of("fromAlloc", "month", "deadline", "onExpiry")),
            Map.entry("commit", SETTLE), Map.entry("release", SETTLE), Map.entry("expire", SETTLE),
            Map.entry("meter", List.of("debt", "debtIncurred", "overLimit", "fromAlloc", "month")),
            Map.entry("grant", List.of("lot", "debtPaid", "meta")),
            Map.entry("allocate", List.of()), Map.entry("deallocate", List.of()),
            Map.entry("expire-credits", List.of("lot", "fromPool", "allocs")),
            Map.entry("refresh-credits", List.of("lot", "expired", "fromPool", "allocs", "debtPaid", "cycle", "next")),
            Map.entry("extend-expiry", List.of("lot", "previous", "meta")),
            Map.entry("adjust-credit", List.of("lot", "debtPaid", "meta", "reason", "by")),
            Map.entry("adjust-debit", List.of("reason", "by")),
            Map.entry("void-credits", List.of("lot", "fromPool", "allocs", "meta", "reason", "by")));

    private EventFormat() {
    }

    /** The names of an event's values in stored order: the common ones, the type's own, then {@code detail}. */
    public static List<String> names(String type) {
        var own = OWN.get(type);
        if (own == null) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        var names = new ArrayList<>(BASE);
        names.addAll(own);
        names.add("detail");
        return List.copyOf(names);
    }

    /** An entry's fields, from its flat field/value list as XRANGE or XREADGROUP answers it. */
    public static Map<String, String> fields(List<String> flat) {
        if (flat.size() == 2 && FIELD.equals(flat.get(0))) {
            return decode(flat.get(1));
        }
        var fields = new LinkedHashMap<String, String>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put(flat.get(i), flat.get(i + 1));
        }
        return fields;
    }

    /** The fields of one packed event; an unknown type or a wrong count of values is an IllegalArgumentException. */
    public static Map<String, String> decode(String packed) {
        int end = packed.indexOf(US);
        var type = end < 0 ? packed : packed.substring(0, end);
        var names = names(type);
        var fields = new LinkedHashMap<String, String>();
        int start = 0;
        for (int i = 0; i < names.size(); i++) {
            boolean last = i == names.size() - 1;
            end = last ? packed.length() : packed.indexOf(US, start);
            if (end < 0 || last && packed.indexOf(US, start) >= 0) {
                throw new IllegalArgumentException("a " + type + " event has not " + names.size() + " values");
            }
            fields.put(names.get(i), packed.substring(start, end));
            start = end + 1;
        }
        return fields;
    }
}
