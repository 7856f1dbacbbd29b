package io.tally.pricing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A service by its catalogue id, the name the ledger uses for it: upper case letters, digits and underscores
 * ({@code SMS}, {@code AI_AGENT}, {@code VOICE_TOLL_FREE}). Pricing keys services by name so that it depends on no
 * other feature's types; what a service is (its unit, its billing increment) is its {@link ServiceDefinition}.
 *
 * @param name upper case letters, digits and underscores, starting with a letter, at most {@value #MAX_LENGTH}
 */
public record ServiceName(String name) {
    public static final int MAX_LENGTH = 32;
    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9_]{0," + (MAX_LENGTH - 1) + "}");

    public static final ServiceName SMS = new ServiceName("SMS");
    public static final ServiceName MMS = new ServiceName("MMS");
    public static final ServiceName VOICE = new ServiceName("VOICE");
    public static final ServiceName FAX = new ServiceName("FAX");
    public static final ServiceName AI_AGENT = new ServiceName("AI_AGENT");

    /** The built-in services, in the order cards list them (before every other service, which sort by name). */
    public static final List<ServiceName> BUILT_IN = List.of(SMS, MMS, VOICE, FAX, AI_AGENT);

    public ServiceName {
        if (name == null || !ID.matcher(name).matches()) {
            throw new IllegalArgumentException("not a service id: " + name);
        }
    }

    /**
     * The id a label or an id names, case aside and with {@code -} for {@code _} ({@code ai-agent},
     * {@code AI_AGENT}); empty when it is not well formed. Whether the catalogue has it is another question.
     */
    public static Optional<ServiceName> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        var id = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return ID.matcher(id).matches() ? Optional.of(new ServiceName(id)) : Optional.empty();
    }

    /** How the API spells it in labels: {@code AI_AGENT} is {@code ai-agent}. */
    public String label() {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return name;
    }
}
