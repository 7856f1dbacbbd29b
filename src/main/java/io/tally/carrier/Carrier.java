package io.tally.carrier;

import java.util.Locale;
import java.util.Optional;

/** The carriers whose webhooks Tally reads, each in its own format and with its own proof of origin. */
public enum Carrier {
    TWILIO,
    VONAGE,
    TELNYX,
    SINCH,
    BANDWIDTH,
    /** Tally's own JSON signed the Standard Webhooks way, or an SMPP receipt text: aggregators, in-house SMSCs. */
    GENERIC;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Carrier> parse(String label) {
        for (var carrier : values()) {
            if (carrier.label().equals(label)) {
                return Optional.of(carrier);
            }
        }
        return Optional.empty();
    }
}
