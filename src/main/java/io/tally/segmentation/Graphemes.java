package io.tally.segmentation;

import java.util.Arrays;

/**
 * Extended grapheme cluster boundaries by the rules of UAX #29 (Unicode 16), run as a state
 * machine over code points so that a text is read once, front to back, without allocating.
 * The properties come from {@link GraphemeData}, not from the JDK, so the result is the same on
 * every JDK: JDK 17's BreakIterator splits emoji sequences, flags and tag sequences, and its
 * {@code \X} lacks rule GB9c for Indic conjuncts.
 *
 * <p>
 * A state is an int: feed each code point to {@link #next}; the state it returns is negative
 * when a cluster boundary falls before that code point. Start from {@link #START}.
 */
final class Graphemes {

    static final int START = 1 << 12;

    // Grapheme_Cluster_Break values, in the low 4 bits of a property byte.
    private static final int OTHER = 0;
    private static final int CR = 1;
    private static final int LF = 2;
    private static final int CONTROL = 3;
    private static final int EXTEND = 4;
    private static final int ZWJ = 5;
    private static final int REGIONAL_INDICATOR = 6;
    private static final int PREPEND = 7;
    private static final int SPACING_MARK = 8;
    private static final int L = 9;
    private static final int V = 10;
    private static final int T = 11;
    private static final int LV = 12;
    private static final int LVT = 13;
    private static final String[] BREAK_NAMES = {
            "Other", "CR", "LF", "Control", "Extend", "ZWJ", "RI", "Prepend", "SpacingMark",
            "L", "V", "T", "LV", "LVT" };
    private static final int EXTENDED_PICTOGRAPHIC = 1 << 4;
    // Indic_Conjunct_Break, bits 5-6 of a property byte.
    private static final int INCB_LINKER = 1;
    private static final int INCB_CONSONANT = 2;
    private static final int INCB_EXTEND = 3;

    // State bits above the previous code point's property byte (bits 0-7).
    private static final int EMOJI = 1 << 8; // after ExtPict Extend*
    private static final int EMOJI_ZWJ = 1 << 9; // after ExtPict Extend* ZWJ
    private static final int ODD_REGIONAL = 1 << 10; // after an odd run of regional indicators
    private static final int CONJUNCT = 1 << 11; // after InCB Consonant [Extend Linker]*
    private static final int CONJUNCT_LINKED = 1 << 13; // ... with at least one Linker
    private static final int BREAK = 1 << 31;

    private static final int HANGUL_FIRST = 0xAC00;
    private static final int HANGUL_LAST = 0xD7A3;
    private static final int HANGUL_T_COUNT = 28;

    private static final byte[] BMP = new byte[0x10000];
    private static final int[] SUPPLEMENTARY_FIRST;
    private static final int[] SUPPLEMENTARY_LAST;
    private static final byte[] SUPPLEMENTARY_PROPERTIES;

    static {
        String[] lines = GraphemeData.RANGES.split("\n");
        int[] first = new int[lines.length];
        int[] last = new int[lines.length];
        byte[] properties = new byte[lines.length];
        int supplementary = 0;
        for (String line : lines) {
            String[] fields = line.trim().split(" ");
            int from = Integer.parseInt(fields[0], 16);
            int to = Integer.parseInt(fields[1], 16);
            byte value = (byte) parse(fields);
            for (int cp = from; cp <= Math.min(to, 0xFFFF); cp++) {
                BMP[cp] = value;
            }
            if (to > 0xFFFF) {
                first[supplementary] = Math.max(from, 0x10000);
                last[supplementary] = to;
                properties[supplementary++] = value;
            }
        }
        for (int cp = HANGUL_FIRST; cp <= HANGUL_LAST; cp++) {
            BMP[cp] = (byte) ((cp - HANGUL_FIRST) % HANGUL_T_COUNT == 0 ? LV : LVT);
        }
        SUPPLEMENTARY_FIRST = Arrays.copyOf(first, supplementary);
        SUPPLEMENTARY_LAST = Arrays.copyOf(last, supplementary);
        SUPPLEMENTARY_PROPERTIES = Arrays.copyOf(properties, supplementary);
    }

    private Graphemes() {
    }

    /** The state after {@code codePoint}; negative if a cluster boundary falls before it. */
    static int next(int state, int codePoint) {
        int properties = properties(codePoint);
        int current = properties & 0xF;
        int previous = state & 0xF;
        int conjunct = (properties >>> 5) & 3;
        boolean boundary;
        if ((state & START) != 0) {
            boundary = true; // GB1
        } else if (previous == CR && current == LF) {
            boundary = false; // GB3
        } else if (previous == CONTROL || previous == CR || previous == LF
                || current == CONTROL || current == CR || current == LF) {
            boundary = true; // GB4, GB5
        } else if (previous == L && (current == L || current == V || current == LV || current == LVT)
                || (previous == LV || previous == V) && (current == V || current == T)
                || (previous == LVT || previous == T) && current == T) {
            boundary = false; // GB6, GB7, GB8
        } else if (current == EXTEND || current == ZWJ || current == SPACING_MARK || previous == PREPEND) {
            boundary = false; // GB9, GB9a, GB9b
        } else if ((state & CONJUNCT_LINKED) != 0 && conjunct == INCB_CONSONANT) {
            boundary = false; // GB9c
        } else if ((state & EMOJI_ZWJ) != 0 && (properties & EXTENDED_PICTOGRAPHIC) != 0) {
            boundary = false; // GB11
        } else {
            // GB12, GB13: regional indicators pair up; GB999 otherwise.
            boundary = !(current == REGIONAL_INDICATOR && (state & ODD_REGIONAL) != 0);
        }
        int next = properties;
        if ((properties & EXTENDED_PICTOGRAPHIC) != 0
                || current == EXTEND && (state & EMOJI) != 0) {
            next |= EMOJI;
        } else if (current == ZWJ && (state & EMOJI) != 0) {
            next |= EMOJI_ZWJ;
        }
        if (current == REGIONAL_INDICATOR && (state & ODD_REGIONAL) == 0) {
            next |= ODD_REGIONAL;
        }
        if (conjunct == INCB_CONSONANT) {
            next |= CONJUNCT;
        } else if ((state & CONJUNCT) != 0 && conjunct == INCB_LINKER) {
            next |= CONJUNCT | CONJUNCT_LINKED;
        } else if ((state & CONJUNCT) != 0 && conjunct == INCB_EXTEND) {
            next |= state & (CONJUNCT | CONJUNCT_LINKED);
        }
        return boundary ? next | BREAK : next;
    }

    private static int properties(int codePoint) {
        if (codePoint <= 0xFFFF) {
            return BMP[codePoint] & 0xFF;
        }
        int i = Arrays.binarySearch(SUPPLEMENTARY_FIRST, codePoint);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && codePoint <= SUPPLEMENTARY_LAST[i] ? SUPPLEMENTARY_PROPERTIES[i] & 0xFF : OTHER;
    }

    private static int parse(String[] fields) {
        int value = Arrays.asList(BREAK_NAMES).indexOf(fields[2]);
        if (value < 0) {
            throw new IllegalStateException("unknown grapheme break property " + fields[2]);
        }
        for (int i = 3; i < fields.length; i++) {
            value |= switch (fields[i]) {
                case "ExtPict" -> EXTENDED_PICTOGRAPHIC;
                case "InCB=Linker" -> INCB_LINKER << 5;
                case "InCB=Consonant" -> INCB_CONSONANT << 5;
                case "InCB=Extend" -> INCB_EXTEND << 5;
                default -> throw new IllegalStateException("unknown grapheme property " + fields[i]);
            };
        }
        return value;
    }
}
