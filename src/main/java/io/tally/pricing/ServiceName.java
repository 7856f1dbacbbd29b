package io.tally.pricing;

import java.util.List;
import java.util.Optional;

/**
 * A priced service, by the name the ledger uses for it ({@code SMS, MMS, VOICE, FAX, AI_AGENT}), and the unit its
 * rate is per. Pricing keys services by name so that it depends on no other feature's types.
 *
 * @param name one of {@link #NAMES}
 */
public record ServiceName(String name) {
    /** Declared before the constants below, which need it to initialise. */
    public static final List<String> NAMES = List.of("SMS", "MMS", "VOICE", "FAX", "AI_AGENT");

    public static final ServiceName SMS = new ServiceName("SMS");
    public static final ServiceName MMS = new ServiceName("MMS");
    public static final ServiceName VOICE = new ServiceName("VOICE");
    public static final ServiceName FAX = new ServiceName("FAX");
    public static final ServiceName AI_AGENT = new ServiceName("AI_AGENT");

    public ServiceName {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("not a service: " + name);
        }
    }

    public static Optional<ServiceName> parse(String name) {
        return NAMES.contains(name) ? Optional.of(new ServiceName(name)) : Optional.empty();
    }

    /** What a rate is per: {@code segment}, {@code message}, {@code minute}, {@code page} or {@code session}. */
    public String unit() {
        return switch (name) {
            case "SMS" -> "segment";
            case "MMS" -> "message";
            case "VOICE" -> "minute";
            case "FAX" -> "page";
            default -> "session";
        };
    }

    /** Voice is rated per minute but billed by the second in increments; everything else by whole units. */
    public boolean timed() {
        return equals(VOICE);
    }

    @Override
    public String toString() {
        return name;
    }
}
