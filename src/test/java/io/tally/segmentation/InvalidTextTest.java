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
            "tab                    | 'a\tb' | 1 | control character U+0009",
            "null character         | '\u0000' | 0 | control character U+0000",
            "escape                 | 'ab\u001b' | 2 | control character U+001B",
            "vertical tab           | 'a\u000bb' | 1 | control character U+000B",
            "delete                 | 'a\u007f' | 1 | control character U+007F",
            "next line (C1)         | 'a\u0085' | 1 | control character U+0085",
            "last C1 control        | '\u009f' | 0 | control character U+009F",
            "high surrogate at end  | 'ab\ud83d' | 2 | lone surrogate",
            "low surrogate first    | '\ude00ab' | 0 | lone surrogate",
            "reversed pair          | 'a\ude00\ud83d' | 1 | lone surrogate",
            "two high surrogates    | '\ud83d\ud83d\ude00' | 0 | lone surrogate" })
    void rejectsTextThatHandsetsWouldMangle(String description, String text, int index, String reason) {
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

    @Test
    void nullIsInvalid() {
        assertThat(Segmenter.validate(null)).contains(new InvalidText(0, "text is null"));
        assertThatThrownBy(() -> Segmenter.count(null, SegmentationOptions.DEFAULT))
                .isInstanceOf(InvalidTextException.class)
                .hasMessage("text is null at index 0");
    }
}
