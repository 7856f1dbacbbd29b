package io.tally.segmentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Look-alike characters that have a GSM equivalent: typographic quotes, dashes, the ellipsis,
 * Unicode spaces, bullets, primes and full-width forms. One of them in a text is enough to force
 * UCS-2, which more than halves what an SMS holds.
 *
 * <p>
 * Lookups are a binary search over a sorted char array: no boxing, no allocation.
 */
final class SmartEncoding {

    // char, replacement, name: the table docs/segmentation.md shows.
    private static final Object[][] TABLE = {
            { '\u00a0', " ", "no-break space" },
            { '\u00ab', "\"", "left-pointing double angle quotation mark" },
            { '\u00ad', "", "soft hyphen (invisible)" },
            { '\u00b4', "'", "acute accent" },
            { '\u00bb', "\"", "right-pointing double angle quotation mark" },
            { '\u00bc', "1/4", "vulgar fraction one quarter" },
            { '\u00bd', "1/2", "vulgar fraction one half" },
            { '\u00be', "3/4", "vulgar fraction three quarters" },
            { '\u02b9', "'", "modifier letter prime" },
            { '\u02ba', "\"", "modifier letter double prime" },
            { '\u02bb', "'", "modifier letter turned comma" },
            { '\u02bc', "'", "modifier letter apostrophe" },
            { '\u02bd', "'", "modifier letter reversed comma" },
            { '\u02c6', "^", "modifier letter circumflex accent" },
            { '\u02c8', "'", "modifier letter vertical line" },
            { '\u02ca', "'", "modifier letter acute accent" },
            { '\u02cb', "'", "modifier letter grave accent" },
            { '\u02dc', "~", "small tilde" },
            { '\u02ee', "\"", "modifier letter double apostrophe" },
            { '\u2000', " ", "en quad" },
            { '\u2001', " ", "em quad" },
            { '\u2002', " ", "en space" },
            { '\u2003', " ", "em space" },
            { '\u2004', " ", "three-per-em space" },
            { '\u2005', " ", "four-per-em space" },
            { '\u2006', " ", "six-per-em space" },
            { '\u2007', " ", "figure space" },
            { '\u2008', " ", "punctuation space" },
            { '\u2009', " ", "thin space" },
            { '\u200a', " ", "hair space" },
            { '\u200b', "", "zero width space" },
            { '\u2010', "-", "hyphen" },
            { '\u2011', "-", "non-breaking hyphen" },
            { '\u2012', "-", "figure dash" },
            { '\u2013', "-", "en dash" },
            { '\u2014', "-", "em dash" },
            { '\u2015', "-", "horizontal bar" },
            { '\u2018', "'", "left single quotation mark" },
            { '\u2019', "'", "right single quotation mark" },
            { '\u201a', ",", "single low-9 quotation mark" },
            { '\u201b', "'", "single high-reversed-9 quotation mark" },
            { '\u201c', "\"", "left double quotation mark" },
            { '\u201d', "\"", "right double quotation mark" },
            { '\u201e', "\"", "double low-9 quotation mark" },
            { '\u201f', "\"", "double high-reversed-9 quotation mark" },
            { '\u2022', "-", "bullet" },
            { '\u2023', "-", "triangular bullet" },
            { '\u2024', ".", "one dot leader" },
            { '\u2026', "...", "horizontal ellipsis" },
            { '\u2028', "\n", "line separator" },
            { '\u2029', "\n", "paragraph separator" },
            { '\u202f', " ", "narrow no-break space" },
            { '\u2032', "'", "prime" },
            { '\u2033', "\"", "double prime" },
            { '\u2035', "'", "reversed prime" },
            { '\u2036', "\"", "reversed double prime" },
            { '\u2039', "<", "single left-pointing angle quotation mark" },
            { '\u203a', ">", "single right-pointing angle quotation mark" },
            { '\u203c', "!!", "double exclamation mark" },
            { '\u2043', "-", "hyphen bullet" },
            { '\u2044', "/", "fraction slash" },
            { '\u205f', " ", "medium mathematical space" },
            { '\u2060', "", "word joiner (invisible)" },
            { '\u2212', "-", "minus sign" },
            { '\u2215', "/", "division slash" },
            { '\u2219', "-", "bullet operator" },
            { '\u25cf', "-", "black circle (bullet)" },
            { '\u275b', "'", "heavy single turned comma quotation mark ornament" },
            { '\u275c', "'", "heavy single comma quotation mark ornament" },
            { '\u275d', "\"", "heavy double turned comma quotation mark ornament" },
            { '\u275e', "\"", "heavy double comma quotation mark ornament" },
            { '\u3000', " ", "ideographic space" },
            { '\u3001', ",", "ideographic comma" },
            { '\u3002', ".", "ideographic full stop" },
            { '\u301d', "\"", "reversed double prime quotation mark" },
            { '\u301e', "\"", "double prime quotation mark" },
            { '\ufe58', "-", "small em dash" },
            { '\ufe63', "-", "small hyphen-minus" },
            { '\ufeff', "", "zero width no-break space (byte order mark)" },
    };

    /** U+FF01..U+FF5E are full-width forms of ASCII 0x21..0x7E. */
    private static final char FULL_WIDTH_FIRST = '\uff01';
    private static final char FULL_WIDTH_LAST = '\uff5e';
    private static final int FULL_WIDTH_OFFSET = 0xfee0;
    /** The grave accent has no GSM default form, so neither has its full-width twin. */
    private static final char FULL_WIDTH_GRAVE = '\uff40';

    private static final char[] CHARS = new char[TABLE.length];
    private static final String[] REPLACEMENTS = new String[TABLE.length];
    private static final String[] FULL_WIDTH = new String[FULL_WIDTH_LAST - FULL_WIDTH_FIRST + 1];

    static {
        for (int i = 0; i < TABLE.length; i++) {
            CHARS[i] = (Character) TABLE[i][0];
            REPLACEMENTS[i] = (String) TABLE[i][1];
            if (i > 0 && CHARS[i] <= CHARS[i - 1]) {
                throw new IllegalStateException("smart encoding table out of order at " + i);
            }
        }
        for (char c = FULL_WIDTH_FIRST; c <= FULL_WIDTH_LAST; c++) {
            if (c != FULL_WIDTH_GRAVE) {
                FULL_WIDTH[c - FULL_WIDTH_FIRST] = String.valueOf((char) (c - FULL_WIDTH_OFFSET));
            }
        }
    }

    private SmartEncoding() {
    }

    /** What replaces {@code c}, or null if it is not a look-alike. */
    static String replacement(char c) {
        if (c >= FULL_WIDTH_FIRST && c <= FULL_WIDTH_LAST) {
            return FULL_WIDTH[c - FULL_WIDTH_FIRST];
        }
        int i = Arrays.binarySearch(CHARS, c);
        return i >= 0 ? REPLACEMENTS[i] : null;
    }

    /** Every char {@link #replacement} knows. */
    static char[] replaceableChars() {
        StringBuilder chars = new StringBuilder().append(CHARS);
        for (char c = FULL_WIDTH_FIRST; c <= FULL_WIDTH_LAST; c++) {
            if (c != FULL_WIDTH_GRAVE) {
                chars.append(c);
            }
        }
        return chars.toString().toCharArray();
    }

    /** The look-alikes in {@code text}, in order. */
    static List<Suggestion> suggestions(CharSequence text) {
        List<Suggestion> suggestions = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement != null) {
                suggestions.add(new Suggestion(i, String.valueOf(c), replacement));
            }
        }
        return suggestions;
    }

    /** {@code text} with every look-alike replaced. */
    static String apply(CharSequence text) {
        StringBuilder replaced = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement == null) {
                replaced.append(c);
            } else {
                replaced.append(replacement);
            }
        }
        return replaced.toString();
    }

    /** The table as rows of (character, replacement, name), for documentation. */
    static List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (Object[] row : TABLE) {
            rows.add(new String[] { String.valueOf(row[0]), (String) row[1], (String) row[2] });
        }
        rows.add(new String[] { "\uff01..\uff5e", "! .. ~", "full-width forms of ASCII (all but U+FF40)" });
        return rows;
    }
}
