package io.tally.pricing;

import java.util.Locale;

/** The grouping of services that plan usage tables and charts use. */
public enum ServiceCategory {
    CALLING,
    MESSAGING,
    FAX,
    AI,
    OTHER;

    /** Whether plan usage lists this category apart from the others (AI services, as the products we serve do). */
    public boolean apart() {
        return this == AI;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
