package io.tally.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GsmAlphabetTest {

    /** 3GPP TS 23.038 table 6.2.1, read column by column as the spec prints it (0x00-0x0F, 0x10-0x1F, ...). */
    private static final String[] DEFAULT_COLUMNS = {
            "@£$¥èéùìòÇ\nØø\rÅå",
            "Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ",
            " !\"#¤%&'()*+,-./",
            "0123456789:;<=>?",
            "¡ABCDEFGHIJKLMNO",
            "PQRSTUVWXYZÄÖÑÜ§",
            "¿abcdefghijklmno",
            "pqrstuvwxyzäöñüà" };

    /** Table 6.2.1.1: the default extension table. */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    static Stream<String> defaultAlphabet() {
        return String.join("", DEFAULT_COLUMNS).chars()
                .filter(c -> c != 0x1b)
                .mapToObj(c -> String.valueOf((char) c));
    }

    static Stream<String> extensionTable() {
        return EXTENSION.chars().mapToObj(c -> String.valueOf((char) c));
    }

    @Test
    void theDefaultAlphabetHas127CharactersBesidesTheEscape() {
        assertThat(defaultAlphabet()).hasSize(127).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0} costs one septet")
    @MethodSource("defaultAlphabet")
    void everyDefaultAlphabetCharacterCostsOneSeptet(String c) {
        assertThat(Segmenter.count(c.repeat(3), SegmentationOptions.DEFAULT))
                .isEqualTo(new SegmentCount(Encoding.GSM_7, 1, 3));
    }

    @ParameterizedTest(name = "{0} costs escape + septet")
    @MethodSource("extensionTable")
    void everyExtensionCharacterCostsTwoSeptets(String c) {
        assertThat(Segmenter.count(c.repeat(3), SegmentationOptions.DEFAULT))
                .isEqualTo(new SegmentCount(Encoding.GSM_7, 1, 6));
    }

    @Test
    void noOtherCharacterOfTheBasicMultilingualPlaneIsGsm() {
        String gsm = String.join("", DEFAULT_COLUMNS) + EXTENSION;
        long others = IntStream.range(0, 0x10000)
                .filter(c -> gsm.indexOf(c) < 0 && Alphabet.defaultSeptets((char) c) != 0)
                .count();
        assertThat(others).isZero();
    }

    @ParameterizedTest(name = "{0} forces UCS-2")
    @CsvSource({ "ç", "á", "`", "Ş", "ı", "ß\u0308", "\u0430", "€\u0303", "\ud83d\ude00", "中", "\u00a0" })
    void aCharacterOutsideBothTablesForcesUcs2(String text) {
        assertThat(Segmenter.count("abc" + text, SegmentationOptions.DEFAULT).encoding())
                .isEqualTo(Encoding.UCS_2);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1} septets")
    @CsvSource(delimiter = '#', value = {
            "Hello world  # 11",
            "{json}       # 8",
            "50€ [1|2]    # 13",
            "a^b~c\\d     # 10",
            "ÆØÅ æøå ÉÑÜ  # 11" })
    void septetsCountEscapesTwice(String text, int septets) {
        assertThat(Segmenter.count(text.strip(), SegmentationOptions.DEFAULT).units()).isEqualTo(septets);
    }

    @ParameterizedTest(name = "{0} -> {1} unit(s)")
    @CsvSource({ "\ud83d\ude00, 2", "中, 1", "\u00e9\u0301, 2", "\ud83c\uddeb\ud83c\uddf7, 4", "\ud83d\udc4d\ud83c\udffd, 4" })
    void ucs2CountsUtf16CodeUnits(String text, int units) {
        assertThat(Segmenter.count(text, SegmentationOptions.DEFAULT))
                .isEqualTo(new SegmentCount(Encoding.UCS_2, 1, units));
    }

    @Test
    void crLfIsTwoCharactersAndLfOne() {
        assertThat(Segmenter.count("a\r\nb", SegmentationOptions.DEFAULT).units()).isEqualTo(4);
        assertThat(Segmenter.count("a\nb", SegmentationOptions.DEFAULT).units()).isEqualTo(3);
    }

    @Test
    void formFeedIsTheExtensionPageBreak() {
        assertThat(Segmenter.count("a\fb", SegmentationOptions.DEFAULT))
                .isEqualTo(new SegmentCount(Encoding.GSM_7, 1, 4));
    }

    @Test
    void theEmptyTextIsOneGsmSegmentOfNoUnits() {
        assertThat(Segmenter.count("", SegmentationOptions.DEFAULT))
                .isEqualTo(new SegmentCount(Encoding.GSM_7, 1, 0));
        assertThat(Segmenter.analyze("", SegmentationOptions.DEFAULT).remainingUnits()).isEqualTo(160);
    }
}
