package io.tally.statement;

import java.util.Locale;

import io.tally.platform.Refusal;

/** How often a scheduled statement is emailed: after each calendar month, or each ISO week. */
public enum Frequency {
    MONTHLY,
    WEEKLY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Frequency parse(String text) {
        for (var frequency : values()) {
            if (frequency.label().equals(text)) {
                return frequency;
            }
        }
        throw Refusal.invalid("frequency", "frequency: monthly or weekly");
    }
}
