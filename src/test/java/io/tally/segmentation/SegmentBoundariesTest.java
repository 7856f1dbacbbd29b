package io.tally.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SegmentBoundariesTest {

    private static SegmentCount count(String text) {
        return Segmenter.count(text, SegmentationOptions.DEFAULT);
    }

    private static Segmentation analyze(String text) {
        return Segmenter.analyze(text, SegmentationOptions.DEFAULT);
    }

    @ParameterizedTest(name = "{0} GSM-7 chars -> {1} segment(s)")
    @CsvSource({ "1, 1", "152, 1", "153, 1", "154, 1", "159, 1", "160, 1", "161, 2", "305, 2", "306, 2",
            "307, 3", "459, 3", "460, 4" })
    void countsGsmSegments(int length, int segments) {
        assertThat(count("a".repeat(length))).isEqualTo(new SegmentCount(Encoding.GSM_7, segments, length));
    }

    @ParameterizedTest(name = "{0} UCS-2 chars -> {1} segment(s)")
    @CsvSource({ "1, 1", "66, 1", "67, 1", "68, 1", "69, 1", "70, 1", "71, 2", "134, 2", "135, 3",
            "201, 3", "202, 4" })
    void countsUcs2Segments(int length, int segments) {
        assertThat(count("ж".repeat(length))).isEqualTo(new SegmentCount(Encoding.UCS_2, segments, length));
    }

    @ParameterizedTest(name = "{0} euro signs -> {1} septets, {2} segment(s)")
    @CsvSource({ "79, 158, 1", "80, 160, 1", "81, 162, 2", "152, 304, 2", "153, 306, 3" })
    void extensionCharactersCountTwiceTowardsTheLimit(int euros, int septets, int segments) {
        // a part of 153 septets holds 76 euro signs, not 76.5
        assertThat(count("€".repeat(euros))).isEqualTo(new SegmentCount(Encoding.GSM_7, segments, septets));
    }

    @ParameterizedTest(name = "{0} emoji -> {1} segment(s)")
    @CsvSource({ "35, 1", "36, 2", "66, 2", "67, 3" })
    void emojiCostTwoUnitsAndAPairIsNeverSplit(int emoji, int segments) {
        // 67 emoji = 134 units = 2 x 67, yet a part holds only 33 of them (66 units): three parts.
        assertThat(count("😀".repeat(emoji)).segments()).isEqualTo(segments);
    }

    @ParameterizedTest(name = "'a' x {0}, euro sign, 'a' x {1} -> {2} segment(s), last part starts with {3}")
    @CsvSource({
            "151, 10, 2, a", // escape ends exactly on 153
            "152, 10, 2, €", // escape would straddle 153/154: it moves to part 2
            "152, 152, 3, a", // 306 septets, yet three parts because of the straddle
            "151, 153, 2, a" })
    void anEscapeSequenceIsNeverSplitAcrossParts(int before, int after, int segments, String lastStart) {
        Segmentation segmentation = Segmenter.analyze("a".repeat(before) + "€" + "a".repeat(after),
                SegmentationOptions.DEFAULT.withParts(true));
        assertThat(segmentation.segments()).isEqualTo(segments);
        assertThat(segmentation.parts()).hasSize(segments);
        assertThat(segmentation.parts().get(1).text()).startsWith(segments == 2 ? lastStart : "€");
    }

    @ParameterizedTest(name = "'a' x {0}, emoji, 'a' x {1} -> {2} segment(s)")
    @CsvSource({ "65, 10, 2", "66, 10, 2", "66, 66, 3", "65, 67, 2" })
    void aSurrogatePairIsNeverSplitAcrossParts(int before, int after, int segments) {
        Segmentation segmentation = Segmenter.analyze("é".repeat(before) + "😀" + "é".repeat(after),
                SegmentationOptions.DEFAULT.withParts(true));
        assertThat(segmentation.segments()).isEqualTo(segments);
        assertThat(segmentation.parts())
                .allSatisfy(part -> assertThat(Character.isLowSurrogate(part.text().charAt(0))).isFalse());
        assertThat(segmentation.parts().get(0).units()).isEqualTo(before == 66 ? 66 : 67);
    }

    @ParameterizedTest(name = "{0} chars + CRLF splits its CR and LF: {1}")
    @CsvSource({ "152, true", "151, false" })
    void codeUnitSplittingMayCutCrLf(int before, boolean cut) {
        Segmentation segmentation = Segmenter.analyze("a".repeat(before) + "\r\n" + "a".repeat(20),
                SegmentationOptions.DEFAULT.withParts(true));
        assertThat(segmentation.parts().get(1).text().startsWith("\n")).isEqualTo(cut);
    }

    @ParameterizedTest(name = "{0} units -> {1} per segment, {2} left")
    @CsvSource({ "a, 1, 160, 159", "a, 160, 160, 0", "a, 161, 153, 145", "a, 306, 153, 0",
            "ж, 70, 70, 0", "ж, 71, 67, 63", "ж, 134, 67, 0", "ж, 135, 67, 66" })
    void explainsCapacityAndWhatIsLeftInTheLastSegment(String c, int length, int perSegment, int left) {
        Segmentation segmentation = analyze(c.repeat(length));
        assertThat(segmentation.unitsPerSegment()).isEqualTo(perSegment);
        assertThat(segmentation.remainingUnits()).isEqualTo(left);
    }

    @ParameterizedTest(name = "{0} a's, euro sign, 10 a's leave {1}")
    @CsvSource({ "152, 141", "151, 143" })
    void remainingUnitsCountsOnlyTheLastPart(int before, int left) {
        // with 152 a's the euro sign moves to part 2, leaving a septet unused in part 1
        Segmentation segmentation = analyze("a".repeat(before) + "€" + "a".repeat(10));
        assertThat(segmentation.remainingUnits()).isEqualTo(left);
    }
}
