package io.tally.segmentation;

import java.util.Arrays;

/**
 * First pass over a text: its length in UTF-16 units and, for each locking shift table that may
 * be used, how many chars it lacks (each costs an escape and a septet from a single shift table)
 * and which single shift tables hold all of those.
 */
final class Scan extends CodeUnits.Sink {

    private final int lockingCandidates;
    private final int[] missing;
    private final int[] shiftsHoldingMissing;
    private int units;
    private boolean surrogates;

    /** Masks of the locking and single shift tables allowed, by National Language Identifier (bit 0 = default). */
    Scan(int lockingCandidates, int shiftCandidates) {
        this.lockingCandidates = lockingCandidates;
        int languages = 32 - Integer.numberOfLeadingZeros(lockingCandidates);
        this.missing = new int[languages];
        this.shiftsHoldingMissing = new int[languages];
        Arrays.fill(shiftsHoldingMissing, shiftCandidates);
    }

    @Override
    void accept(char c, int tables) {
        units++;
        int lacking = lockingCandidates & ~Alphabet.lockingShifts(tables);
        if (lacking == 0) {
            return;
        }
        if (Character.isSurrogate(c)) {
            surrogates = true;
        }
        int shifts = Alphabet.singleShifts(tables);
        do {
            int language = Integer.numberOfTrailingZeros(lacking);
            missing[language]++;
            shiftsHoldingMissing[language] &= shifts;
            lacking &= lacking - 1;
        } while (lacking != 0);
    }

    /** UTF-16 code units seen (after smart encoding). */
    int units() {
        return units;
    }

    /** Whether any supplementary character (a surrogate pair) was seen. */
    boolean surrogates() {
        return surrogates;
    }

    /** Chars that locking shift table {@code language} lacks. */
    int missing(int language) {
        return missing[language];
    }

    /**
     * Single shift tables that hold every char locking shift table {@code language} lacks; 0 if none
     * does or if that table is not a candidate.
     */
    int shiftsFor(int language) {
        return language < shiftsHoldingMissing.length && (lockingCandidates & (1 << language)) != 0
                ? shiftsHoldingMissing[language]
                : 0;
    }
}
