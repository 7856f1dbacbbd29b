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
    private static final Pattern ENTRY = Pattern.compile("[A-Z][A-Z0-9_]{0," + (MAX_LENGTH - 1) + "}|@[a-z]{1,31}");
    /** How the API spells a category entry of a lot's services: {@code category:calling}. */
    public static final String CATEGORY_PREFIX = "category:";

    public static final Service SMS = new Service("SMS");
    public static final Service MMS = new Service("MMS");
    public static final Service VOICE = new Service("VOICE");
    public static final Service FAX = new Service("FAX");
    public static final Service AI_AGENT = new Service("AI_AGENT");

    private static final Service[] BUILT_IN = { SMS, MMS, VOICE, FAX, AI_AGENT };

    public Service {
        if (name == null || !ENTRY.matcher(name).matches()) {
            throw new IllegalArgumentException("not a service id: " + name);
        }
    }

    /** The five built-in services, which every catalogue has (a new array each time, as an enum's would be). */
    public static Service[] values() {
        return BUILT_IN.clone();
    }

    /**
     * A lot's entry for every service of a category of the catalogue ({@code @calling}; docs/ledger.md "Model"): a use
     * names its category beside its service, and a lot that lists the category pays for it. Only lots hold these.
     */
    public static Service category(String category) {
        return new Service("@" + category);
    }

    /** Whether this is a category entry of a lot's services rather than a service. */
    public boolean isCategory() {
        return name.startsWith("@");
    }

    /** How the API spells it: {@code AI_AGENT} is {@code ai-agent}, the category entry {@code @ai} {@code category:ai}. */
    public String label() {
        if (isCategory()) {
            return CATEGORY_PREFIX + name.substring(1);
        }
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
