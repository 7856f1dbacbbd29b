package io.tally.platform;

/**
 * Writes one flat JSON object, members in the order they are added, without an object model. The one hand-written JSON
 * writer: it exists for the event detail written on every reservation, where it paid against a map through Jackson
 * (docs/benchmarks.md); the other flat JSON of the ledger's events (a grant's note, a ledger entry's {@code extra})
 * uses it too. Everything else is Jackson's. Null values are left out, as Jackson's {@code NON_NULL} would.
 */
public final class JsonObject {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Room for a reservation's detail (about 300 characters) without growing. */
    private final StringBuilder out = new StringBuilder(512).append('{');

    public JsonObject put(String name, String value) {
        if (value != null) {
            name(name);
            string(value);
        }
        return this;
    }

    public JsonObject put(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    /** A value that is already JSON text (written by a JSON library), copied as it is. */
    public JsonObject putRaw(String name, String json) {
        if (json != null) {
            name(name);
            out.append(json);
        }
        return this;
    }

    @Override
    public String toString() {
        int open = out.length();
        var json = out.append('}').toString();
        out.setLength(open); // still open: more members may follow
        return json;
    }

    private void name(String name) {
        if (out.length() > 1) {
            out.append(',');
        }
        string(name);
        out.append(':');
    }

    /**
     * A JSON string: quote, backslash and control characters escaped; everything else as it is (UTF-16 kept), copied
     * in runs between the characters escaped.
     */
    private void string(String value) {
        out.append('"');
        int run = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(value, run, i);
                run = i + 1;
                if (c < 0x20) {
                    escapeControl(c);
                } else {
                    out.append('\\').append(c);
                }
            }
        }
        out.append(value, run, value.length()).append('"');
    }

    private void escapeControl(char c) {
        switch (c) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
        }
    }
}
