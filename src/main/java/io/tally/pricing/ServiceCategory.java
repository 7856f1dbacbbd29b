package io.tally.pricing;

import java.util.Locale;

/** The grouping of services that plan usage tables and charts use. */
public enum ServiceCategory {
    CALLING,
    MESSAGING,
    FAX,
    AI,
    OTHER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
