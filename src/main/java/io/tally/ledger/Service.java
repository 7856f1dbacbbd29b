package io.tally.ledger;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A metered service, by the id the service catalogue gives it ({@code SMS}, {@code VOICE}, or any id an operator
 * defined); a lot pays for some services or for all of them. The ledger keeps only the id: what a service is (its
 * unit, its category) is the catalogue's business.
 *
 * @param name upper case letters, digits and underscores, starting with a letter, at most {@value #MAX_LENGTH}
 *        characters
 */
public record Service(String name) {
    public static final int MAX_LENGTH = 32;
    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9_]{0," + (MAX_LENGTH - 1) + "}");

    public static final Service SMS = new Service("SMS");
    public static final Service MMS = new Service("MMS");
    public static final Service VOICE = new Service("VOICE");
    public static final Service FAX = new Service("FAX");
    public static final Service AI_AGENT = new Service("AI_AGENT");

    private static final Service[] BUILT_IN = { SMS, MMS, VOICE, FAX, AI_AGENT };

    public Service {
        if (name == null || !ID.matcher(name).matches()) {
            throw new IllegalArgumentException("not a service id: " + name);
        }
    }

    /** The five built-in services, which every catalogue has (a new array each time, as an enum's would be). */
    public static Service[] values() {
        return BUILT_IN.clone();
    }

    /** How the API spells it: {@code AI_AGENT} is {@code ai-agent}. */
    public String label() {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The id a label or an id names ({@code ai-agent}, {@code AI_AGENT}, {@code Ai-Agent}), if it is well formed. */
    public static Optional<Service> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        var id = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return ID.matcher(id).matches() ? Optional.of(new Service(id)) : Optional.empty();
    }

    @Override
    public String toString() {
        return name;
    }
}
