package io.tally.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "high surrogate at end  | 'ab\ud83d' | 2 | lone surrogate",
            "low surrogate first    | '\ude00ab' | 0 | lone surrogate",
            "reversed pair          | 'a\ude00\ud83d' | 1 | lone surrogate",
            "two high surrogates    | '\ud83d\ud83d\ude00' | 0 | lone surrogate" })
    void rejectsTextThatIsNotUtf16(String description, String text, int index, String reason) {
        InvalidText expected = new InvalidText(index, reason);
        assertThat(Segmenter.validate(text)).contains(expected);
        assertThatThrownBy(() -> Segmenter.count(text, SegmentationOptions.DEFAULT))
                .isInstanceOfSatisfying(InvalidTextException.class, e -> assertThat(e.invalidText()).isEqualTo(expected));
        assertThatThrownBy(() -> Segmenter.analyze(text, SegmentationOptions.DEFAULT.withSmartEncoding(true)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "\"{0}\" is valid")
    @ValueSource(strings = { "", "a\nb", "a\r\nb", "page\fbreak", "\ud83d\ude00", "\u00a0", "\u2028" })
    void acceptsLineBreaksPageBreaksAndPairedSurrogates(String text) {
        assertThat(Segmenter.validate(text)).isEmpty();
    }

    /** Carriers carry and bill control characters as UCS-2 characters: a TAB in an inbound text is metered. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "tab                    | 'a\tb'     | 3",
            "null character         | '\u0000'   | 1",
            "escape                 | 'ab\u001b' | 3",
            "vertical tab           | 'a\u000bb' | 3",
            "delete                 | 'a\u007f'  | 2",
            "next line (C1)         | 'a\u0085'  | 2",
            "last C1 control        | '\u009f'   | 1" })
    void countsControlCharactersAsUcs2Characters(String description, String text, int units) {
        assertThat(Segmenter.validate(text)).isEmpty();
        var count = Segmenter.count(text, SegmentationOptions.DEFAULT);
        assertThat(count.encoding()).isEqualTo(Encoding.UCS_2);
        assertThat(count.units()).isEqualTo(units);
        assertThat(count.segments()).isEqualTo(1);
        assertThat(Segmenter.analyze(text, SegmentationOptions.DEFAULT.withSmartEncoding(true)).encoding())
                .isEqualTo(Encoding.UCS_2);
    }

    @Test
    void seventyOneUcs2CharactersWithATabTakeTwoSegments() {
        var text = "a".repeat(70) + "\t";
        assertThat(Segmenter.count(text, SegmentationOptions.DEFAULT).segments()).isEqualTo(2);
        assertThat(Segmenter.count("a".repeat(69) + "\t", SegmentationOptions.DEFAULT).segments()).isEqualTo(1);
    }

    @Test
    void nullIsInvalid() {
        assertThat(Segmenter.validate(null)).contains(new InvalidText(0, "text is null"));
        assertThatThrownBy(() -> Segmenter.count(null, SegmentationOptions.DEFAULT))
                .isInstanceOf(InvalidTextException.class)
                .hasMessage("text is null at index 0");
    }
}
