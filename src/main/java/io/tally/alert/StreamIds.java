package io.tally.alert;

import java.util.Optional;
import java.util.regex.Pattern;

import io.tally.platform.Refusal;

/** Redis stream entry ids ({@code <ms>-<seq>}): reading one from a client, and their order. */
final class StreamIds {
    private static final Pattern ID = Pattern.compile("(\\d{1,19})-(\\d{1,19})");

    private StreamIds() {
    }

    /**
     * The id a reconnecting client last received: the {@code Last-Event-ID} header, else the {@code lastEventId}
     * query parameter; empty when neither is given. Anything but an entry id is refused, naming the parameter.
     */
    static Optional<String> lastEventId(String header, String query) {
        var field = header != null ? "Last-Event-ID" : "lastEventId";
        var value = header != null ? header : query;
        if (value == null) {
            return Optional.empty();
        }
        var matcher = ID.matcher(value);
        if (!matcher.matches() || !fits(matcher.group(1)) || !fits(matcher.group(2))) {
            throw Refusal.invalid(field, field + ": an id this stream sent (<ms>-<seq>)");
        }
        return Optional.of(value);
    }

    private static boolean fits(String digits) {
        try {
            Long.parseUnsignedLong(digits);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Negative, zero or positive as a is before, the same as or after b. */
    static int compare(String a, String b) {
        int dashA = a.indexOf('-');
        int dashB = b.indexOf('-');
        int byMs = Long.compareUnsigned(Long.parseUnsignedLong(a.substring(0, dashA)),
                Long.parseUnsignedLong(b.substring(0, dashB)));
        return byMs != 0 ? byMs
                : Long.compareUnsigned(Long.parseUnsignedLong(a.substring(dashA + 1)),
                        Long.parseUnsignedLong(b.substring(dashB + 1)));
    }
}
