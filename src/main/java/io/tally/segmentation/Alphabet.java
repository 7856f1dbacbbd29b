package io.tally.segmentation;

/**
 * Which GSM 7-bit tables hold each UTF-16 char, in one 65536-entry array so that counting looks a
 * char up without branching on the language and without allocating.
 *
 * <p>
 * Entry layout: bits 0-13 say which locking shift tables (by National Language Identifier,
 * bit 0 = the default alphabet) hold the char, bits 16-29 which single shift tables (bit 16 = the
 * default extension table) do. Bit 30 marks a look-alike that smart encoding can replace. Control characters other than LF, CR
 * and FF are in no table: they are UCS-2 characters, as carriers bill them.
 */
final class Alphabet {

    static final int LANGUAGES = 14;
    static final int DEFAULT_ALPHABET = 1;
    static final int DEFAULT_EXTENSION = 1 << 16;
    static final int SMART_REPLACEABLE = 1 << 30;

    private static final int[] TABLES = build();

    private Alphabet() {
    }

    /** The entry for {@code c}; see the class comment for its layout. */
    static int tables(char c) {
        return TABLES[c];
    }

    /** Bit n set: the locking shift table of language n (0 = default alphabet) holds the char. */
    static int lockingShifts(int tables) {
        return tables & 0x3FFF;
    }

    /** Bit n set: the single shift table of language n (0 = default extension) holds the char. */
    static int singleShifts(int tables) {
        return (tables >>> 16) & 0x3FFF;
    }

    /** Septets {@code c} costs with the default tables: 1, 2 (escape + char), or 0 if it has no GSM form. */
    static int defaultSeptets(char c) {
        int tables = TABLES[c];
        return (tables & DEFAULT_ALPHABET) != 0 ? 1 : (tables & DEFAULT_EXTENSION) != 0 ? 2 : 0;
    }

    /** Septets {@code c} costs under a locking shift table: 1 if that table holds it, else 2 (escape + char). */
    static int septets(char c, int lockingShift) {
        return (TABLES[c] & (1 << lockingShift)) != 0 ? 1 : 2;
    }

    private static int[] build() {
        int[] tables = new int[0x10000];
        for (int language = 0; language < LANGUAGES; language++) {
            String locking = LanguageTables.LOCKING_SHIFT[language];
            if (locking != null) {
                mark(tables, locking, 1 << language, true);
            }
            mark(tables, LanguageTables.SINGLE_SHIFT[language], 1 << (16 + language), false);
        }
        for (char c : SmartEncoding.replaceableChars()) {
            tables[c] |= SMART_REPLACEABLE;
        }
        return tables;
    }

    private static void mark(int[] tables, String table, int bit, boolean locking) {
        if (table.length() != 128) {
            throw new IllegalStateException("a GSM table has 128 positions, not " + table.length());
        }
        for (int septet = 0; septet < 128; septet++) {
            char c = table.charAt(septet);
            boolean unassigned = c == ' ' && !(locking && septet == 0x20);
            if (!unassigned && c != LanguageTables.ESCAPE) {
                tables[c] |= bit;
            }
        }
    }
}
