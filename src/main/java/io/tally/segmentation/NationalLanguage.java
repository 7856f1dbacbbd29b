package io.tally.segmentation;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The national languages of 3GPP TS 23.038 Annex A, in the order of their National Language
 * Identifier (Turkish is 1, Urdu 13). Each has a single shift table; all but Spanish also have a
 * locking shift table.
 */
public enum NationalLanguage {
    TURKISH,
    SPANISH,
    PORTUGUESE,
    BENGALI,
    GUJARATI,
    HINDI,
    KANNADA,
    MALAYALAM,
    ORIYA,
    PUNJABI,
    TAMIL,
    TELUGU,
    URDU;

    private static final Set<NationalLanguage> INDIAN = Collections.unmodifiableSet(EnumSet.range(BENGALI, URDU));

    /** The National Language Identifier sent in the UDH information element (1 to 13). */
    public int code() {
        return ordinal() + 1;
    }

    /** Whether Annex A defines a locking shift table for this language (all but Spanish). */
    public boolean hasLockingShift() {
        return this != SPANISH;
    }

    /**
     * The languages whose tables handsets in a country are expected to support, by ISO 3166-1
     * alpha-2 code (any case): TR, ES, PT and IN. Any other country, or null, gives the empty set.
     */
    public static Set<NationalLanguage> forCountry(String iso2) {
        if (iso2 == null) {
            return Set.of();
        }
        return switch (iso2.trim().toUpperCase(Locale.ROOT)) {
            case "TR" -> Set.of(TURKISH);
            case "ES" -> Set.of(SPANISH);
            case "PT" -> Set.of(PORTUGUESE);
            case "IN" -> INDIAN;
            default -> Set.of();
        };
    }

    /** The language of that name, any case, surrounding blanks ignored: "turkish" is TURKISH. */
    public static Optional<NationalLanguage> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim();
        for (NationalLanguage language : values()) {
            if (language.name().equalsIgnoreCase(wanted)) {
                return Optional.of(language);
            }
        }
        return Optional.empty();
    }
}
