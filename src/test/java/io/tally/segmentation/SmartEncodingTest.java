package io.tally.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmartEncodingTest {

    private static final SegmentationOptions OFF = SegmentationOptions.DEFAULT;
    private static final SegmentationOptions ON = SegmentationOptions.DEFAULT.withSmartEncoding(true);

    @Test
    void reportsEachLookAlikeWithItsPositionAndReplacement() {
        assertThat(Segmenter.analyze("\u201cHi\u201d \u2013 it\u2019s\u2026", OFF).suggestions()).containsExactly(
                new Suggestion(0, "\u201c", "\""),
                new Suggestion(3, "\u201d", "\""),
                new Suggestion(5, "\u2013", "-"),
                new Suggestion(9, "\u2019", "'"),
                new Suggestion(11, "\u2026", "..."));
    }

    @Test
    void leavesTheTextAloneUnlessAskedAndSaysWhatReplacingWouldSave() {
        String text = "It\u2019s " + "a".repeat(100);
        Segmentation segmentation = Segmenter.analyze(text, OFF);
        assertThat(segmentation.text()).isEqualTo(text);
        assertThat(segmentation.encoding()).isEqualTo(Encoding.UCS_2);
        assertThat(segmentation.segments()).isEqualTo(2);
        assertThat(segmentation.nonGsmCharacters()).containsExactly(new NonGsmCharacter(2, "\u2019", 0x2019));
        assertThat(segmentation.segmentsSavedBySuggestions()).isEqualTo(1);
    }

    @Test
    void replacesLookAlikesWhenAskedAndCountsTheReplacedText() {
        String text = "It\u2019s " + "a".repeat(100);
        Segmentation segmentation = Segmenter.analyze(text, ON);
        assertThat(segmentation.text()).isEqualTo("It's " + "a".repeat(100));
        assertThat(segmentation.count()).isEqualTo(new SegmentCount(Encoding.GSM_7, 1, 105));
        assertThat(segmentation.suggestions()).containsExactly(new Suggestion(2, "\u2019", "'"));
        assertThat(segmentation.segmentsSavedBySuggestions()).isZero();
    }

    @Test
    void anEllipsisInAUcs2TextCostsMoreOnceReplaced() {
        // 2 + 40 units fit one UCS-2 part; 2 + 120 need two
        Segmentation segmentation = Segmenter.analyze("\ud83d\ude00" + "\u2026".repeat(40), OFF);
        assertThat(segmentation.segments()).isEqualTo(1);
        assertThat(segmentation.segmentsSavedBySuggestions()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "quotes and dashes     | \u201cHi\u201d \u2013 it\u2019s \u2014 ok",
            "ellipsis              | wait\u2026 " + "x",
            "no-break and thin sp. | 10\u00a0000\u2009m",
            "zero width space      | a\u200bb\ufeffc",
            "full width            | \uff28\uff49\uff01 \uff5b\uff5d",
            "bullets and primes    | \u2022 5\u2032 11\u2033",
            "nothing to replace    | plain text" })
    void countingWithSmartEncodingEqualsCountingTheReplacedText(String description, String text) {
        String replaced = Segmenter.analyze(text, ON).text();
        assertThat(replaced.chars().noneMatch(c -> SmartEncoding.replacement((char) c) != null)).isTrue();
        assertThat(Segmenter.count(text, ON)).isEqualTo(Segmenter.count(replaced, OFF));
        assertThat(Segmenter.count(text, ON).encoding()).isEqualTo(Encoding.GSM_7);
    }

    @Test
    void countWithSmartEncodingSplitsTheReplacedTextLikeAnalyze() {
        String text = "\u2026".repeat(60) + "\u2019".repeat(10);
        SegmentationOptions safe = ON.withGraphemeSafe(true).withParts(true);
        Segmentation segmentation = Segmenter.analyze(text, safe);
        assertThat(Segmenter.count(text, safe)).isEqualTo(segmentation.count());
        assertThat(segmentation.count()).isEqualTo(new SegmentCount(Encoding.GSM_7, 2, 190));
    }

    @Test
    void everyReplacementIsGsmAndEveryLookAlikeIsNot() {
        for (char c : SmartEncoding.replaceableChars()) {
            assertThat(Alphabet.defaultSeptets(c)).as("U+%04X", (int) c).isZero();
            String replacement = SmartEncoding.replacement(c);
            assertThat(Segmenter.count(replacement, OFF).encoding()).as("U+%04X", (int) c).isEqualTo(Encoding.GSM_7);
        }
    }

    @Test
    void smartEncodingWorksTogetherWithNationalLanguages() {
        // the curly quotes go, the Turkish letters stay in the Turkish locking shift table
        Segmentation segmentation = Segmenter.analyze("\u201cI\u015f\u0131k\u201d",
                ON.withLanguages(Set.of(NationalLanguage.TURKISH)));
        assertThat(segmentation.text()).isEqualTo("\"I\u015f\u0131k\"");
        assertThat(segmentation.lockingShift()).contains(NationalLanguage.TURKISH);
    }
}
