package io.tally.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cluster boundaries by UAX #29 (Unicode 16), identical on every JDK: run this class on JDK 17 and
 * on JDK 25. JDK 17's own BreakIterator gets most emoji rows wrong; its regex {@code \X} the conjunct.
 */
class GraphemeSafeTest {

    private static final SegmentationOptions SAFE = SegmentationOptions.DEFAULT.withGraphemeSafe(true).withParts(true);
    private static final SegmentationOptions UNITS = SegmentationOptions.DEFAULT.withParts(true);

    static List<Integer> boundaries(String text) {
        List<Integer> ends = new ArrayList<>();
        int state = Graphemes.START;
        for (int i = 0; i < text.length();) {
            int codePoint = text.codePointAt(i);
            state = Graphemes.next(state, codePoint);
            if (state < 0 && i > 0) {
                ends.add(i);
            }
            i += Character.charCount(codePoint);
        }
        ends.add(text.length());
        return ends;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "combining mark          | 'e\u0301x'                                   | 2 3",
            "ZWJ family              | '\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67x' | 8 9",
            "skin-tone modifier      | '\ud83d\udc4d\ud83c\udffdx'                 | 4 5",
            "two flags               | '\ud83c\uddeb\ud83c\uddf7\ud83c\udde9\ud83c\uddeax' | 4 8 9",
            "odd regional indicator  | '\ud83c\uddeb\ud83c\uddf7\ud83c\udde9x'     | 4 6 7",
            "variation selector      | '\u2764\ufe0fx'                             | 2 3",
            "tag sequence (England)  | '\ud83c\udff4\udb40\udc67\udb40\udc62\udb40\udc65\udb40\udc6e\udb40\udc67\udb40\udc7fx' | 14 15",
            "rainbow flag            | '\ud83c\udff3\ufe0f\u200d\ud83c\udf08x'     | 6 7",
            "keycap                  | '1\ufe0f\u20e3x'                            | 3 4",
            "Hangul jamo L V T       | '\u1100\u1161\u11a8x'                       | 3 4",
            "Hangul LV syllable + T  | '\uac00\u11a8x'                             | 2 3",
            "Hangul LVT + T          | '\uac01\u11a8\u1100'                        | 2 3",
            "CR LF                   | 'a\r\nb'                                    | 1 3 4",
            "LF CR                   | 'a\n\rb'                                    | 1 2 3 4",
            "Devanagari conjunct     | '\u0915\u094d\u0937x'                       | 3 4",
            "Devanagari vowel sign   | '\u0915\u093fx'                             | 2 3",
            "ZWJ between letters     | 'a\u200dbx'                                 | 2 3 4",
            "prepended mark          | '\u0600\u0661x'                             | 2 3" })
    void findsExtendedGraphemeClusters(String description, String text, String ends) {
        assertThat(boundaries(text)).containsExactlyElementsOf(
                java.util.Arrays.stream(ends.trim().split(" ")).map(Integer::valueOf).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "skin-tone modifier  | 65 | \ud83d\udc4d\ud83c\udffd",
            "flag                | 64 | \ud83c\uddeb\ud83c\uddf7",
            "combining mark      | 66 | e\u0301",
            "ZWJ family          | 62 | \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
            "variation selector  | 66 | \u2764\ufe0f" })
    void graphemeSafeMovesAStraddlingClusterToTheNextPart(String description, int before, String cluster) {
        String text = "ж".repeat(before) + cluster + "ж".repeat(10);
        List<Part> safe = Segmenter.analyze(text, SAFE).parts();
        List<Part> units = Segmenter.analyze(text, UNITS).parts();
        assertThat(safe.get(1).text()).startsWith(cluster);
        assertThat(units.get(1).text()).doesNotStartWith(cluster);
        assertThat(safe.get(0).text()).isEqualTo("ж".repeat(before));
    }

    @ParameterizedTest(name = "{0} a's then CRLF: grapheme-safe part 2 starts with CRLF")
    @CsvSource({ "152" })
    void graphemeSafeKeepsCrLfTogether(int before) {
        String text = "a".repeat(before) + "\r\n" + "a".repeat(20);
        assertThat(Segmenter.analyze(text, SAFE).parts().get(1).text()).startsWith("\r\n");
        assertThat(Segmenter.analyze(text, UNITS).parts().get(1).text()).startsWith("\n");
    }

    @ParameterizedTest(name = "{0} ka then a conjunct: grapheme-safe keeps the conjunct whole")
    @CsvSource({ "147" })
    void graphemeSafeKeepsADevanagariConjunctTogether(int before) {
        // Hindi locking shift table, one national language element: 149 septets per part
        String conjunct = "\u0915\u094d\u0937";
        String text = "\u0915".repeat(before) + conjunct + "\u0915".repeat(20);
        SegmentationOptions hindi = SAFE.withLanguages(java.util.Set.of(NationalLanguage.HINDI));
        Segmentation safe = Segmenter.analyze(text, hindi);
        assertThat(safe.unitsPerSegment()).isEqualTo(149);
        assertThat(safe.parts().get(1).text()).startsWith(conjunct);
        assertThat(Segmenter.analyze(text, UNITS.withLanguages(java.util.Set.of(NationalLanguage.HINDI)))
                .parts().get(1).text()).startsWith("\u0937");
    }

    @ParameterizedTest(name = "{0} cyrillic letters then a cluster of {1} units -> {2} segments")
    @CsvSource({ "10, 81, 3", "0, 81, 2", "10, 40, 1", "10, 67, 2", "10, 68, 3" })
    void aClusterLongerThanAPartStartsAFreshPartAndIsCutBetweenCodeUnits(int before, int units, int segments) {
        String text = "ж".repeat(before) + "e" + "\u0301".repeat(units - 1);
        Segmentation safe = Segmenter.analyze(text, SAFE);
        assertThat(safe.segments()).isEqualTo(segments);
        assertThat(safe.parts()).allSatisfy(part -> assertThat(part.units()).isLessThanOrEqualTo(safe.unitsPerSegment()));
        assertThat(Segmenter.count(text, SAFE)).isEqualTo(safe.count());
    }

    @ParameterizedTest(name = "{0}: grapheme-safe {1} segments, code units {2}")
    @CsvSource(delimiter = '|', value = {
            "33 families + x       | 33 | 5 | 4",
            "33 skin-toned thumbs  | 33 | 3 | 2" })
    void graphemeSafeCanCostMoreSegments(String description, int count, int safeSegments, int unitSegments) {
        String cluster = description.contains("famil")
                ? "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67"
                : "\ud83d\udc4d\ud83c\udffd";
        String text = cluster.repeat(count) + (description.endsWith("x") ? "x" : "");
        assertThat(Segmenter.count(text, SAFE).segments()).isEqualTo(safeSegments);
        assertThat(Segmenter.count(text, UNITS).segments()).isEqualTo(unitSegments);
    }
}
