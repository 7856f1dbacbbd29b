package io.tally.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PartsTest {

    /** Fragments texts are built from: GSM, escapes, Latin accents, Turkish, Hindi, emoji sequences, look-alikes, CRLF. */
    private static final String[] FRAGMENTS = {
            "Hello ", "a", "€", "{x}", "\r\n", "\n", "é", "ñ", "ç", "Ş", "ı", "\u0915\u094d\u0937", "\u0928",
            "\u093f", "ж", "\ud83d\ude00", "\ud83d\udc4d\ud83c\udffd", "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
            "\ud83c\uddeb\ud83c\uddf7", "e\u0301", "\u201c", "\u2026", "\u00a0", "H", "5" };

    private static final List<SegmentationOptions> OPTIONS = List.of(
            SegmentationOptions.DEFAULT,
            SegmentationOptions.DEFAULT.withGraphemeSafe(true),
            SegmentationOptions.DEFAULT.withSmartEncoding(true),
            SegmentationOptions.DEFAULT.withLanguages(Set.of(NationalLanguage.TURKISH)),
            SegmentationOptions.DEFAULT.withLanguages(NationalLanguage.forCountry("IN")).withGraphemeSafe(true),
            SegmentationOptions.DEFAULT.withLanguages(Set.of(NationalLanguage.values())).withSmartEncoding(true));

    static Stream<String> texts() {
        Random random = new Random(20240601);
        return Stream.generate(() -> text(random)).limit(400);
    }

    private static String text(Random random) {
        // mostly one or two kinds of fragment, as real messages are, sometimes a mix
        List<String> kinds = random.ints(1 + random.nextInt(3), 0, FRAGMENTS.length)
                .mapToObj(i -> FRAGMENTS[i]).collect(Collectors.toList());
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(6) == 0 ? random.nextInt(20) : 60 + random.nextInt(400);
        while (text.length() < length) {
            text.append(kinds.get(random.nextInt(kinds.size())));
        }
        return text.toString();
    }

    @ParameterizedTest
    @MethodSource("texts")
    void partsGiveBackTheTextAndNeverExceedTheirCapacity(String text) {
        for (SegmentationOptions options : OPTIONS) {
            Segmentation segmentation = Segmenter.analyze(text, options.withParts(true));
            List<Part> parts = segmentation.parts();
            assertThat(parts).as("%s %s", options, text).hasSize(segmentation.segments());
            assertThat(parts.stream().map(Part::text).collect(Collectors.joining())).isEqualTo(segmentation.text());
            assertThat(parts).allSatisfy(part -> assertThat(part.units()).isLessThanOrEqualTo(segmentation.unitsPerSegment()));
            assertThat(parts.stream().mapToInt(Part::units).sum()).isEqualTo(segmentation.units());
            assertThat(segmentation.unitsPerSegment() - parts.get(parts.size() - 1).units())
                    .isEqualTo(segmentation.remainingUnits());
            assertThat(Segmenter.count(text, options)).as("%s %s", options, text).isEqualTo(segmentation.count());
            if (options.graphemeSafe() && 2 * longestCluster(segmentation.text()) <= segmentation.unitsPerSegment()) {
                assertThat(startsOfParts(parts)).isSubsetOf(GraphemeSafeTest.boundaries(segmentation.text()));
            }
            assertThat(parts).noneMatch(part -> !part.text().isEmpty() && Character.isLowSurrogate(part.text().charAt(0)));
        }
    }

    /** In chars; a cluster longer than a part is cut anyway (GraphemeSafeTest covers that). */
    private static int longestCluster(String text) {
        int longest = 0;
        int start = 0;
        for (int end : GraphemeSafeTest.boundaries(text)) {
            longest = Math.max(longest, end - start);
            start = end;
        }
        return longest;
    }

    private static List<Integer> startsOfParts(List<Part> parts) {
        int start = 0;
        List<Integer> starts = new java.util.ArrayList<>();
        for (Part part : parts.subList(0, parts.size() - 1)) {
            start += part.text().length();
            starts.add(start);
        }
        return starts;
    }

    @Test
    void a161CharacterTextIs153And8() {
        List<Part> parts = Segmenter.analyze("a".repeat(161), SegmentationOptions.DEFAULT.withParts(true)).parts();
        assertThat(parts).containsExactly(new Part("a".repeat(153), 153), new Part("a".repeat(8), 8));
    }

    @Test
    void partsAreEmptyUnlessAskedFor() {
        assertThat(Segmenter.analyze("a".repeat(161), SegmentationOptions.DEFAULT).parts()).isEmpty();
    }

    @Test
    void aSingleSegmentIsOnePartEvenWhenEmpty() {
        assertThat(Segmenter.analyze("", SegmentationOptions.DEFAULT.withParts(true)).parts())
                .containsExactly(new Part("", 0));
    }
}
