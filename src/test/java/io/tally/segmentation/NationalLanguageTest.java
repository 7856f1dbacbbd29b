package io.tally.segmentation;

import static io.tally.segmentation.NationalLanguage.BENGALI;
import static io.tally.segmentation.NationalLanguage.HINDI;
import static io.tally.segmentation.NationalLanguage.PORTUGUESE;
import static io.tally.segmentation.NationalLanguage.SPANISH;
import static io.tally.segmentation.NationalLanguage.TURKISH;
import static io.tally.segmentation.NationalLanguage.URDU;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NationalLanguageTest {

    private static Segmentation analyze(String text, NationalLanguage... languages) {
        return Segmenter.analyze(text, SegmentationOptions.DEFAULT.withLanguages(Set.of(languages)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "TR, TURKISH", "tr, TURKISH", "ES, SPANISH", "PT, PORTUGUESE",
            "IN, BENGALI GUJARATI HINDI KANNADA MALAYALAM ORIYA PUNJABI TAMIL TELUGU URDU", "US, ''", "BR, ''" })
    void picksTheLanguagesOfACountry(String country, String languages) {
        assertThat(NationalLanguage.forCountry(country).stream().map(Enum::name).collect(Collectors.joining(" ")))
                .isEqualTo(languages);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({ "turkish, TURKISH", "' Hindi ', HINDI", "URDU, URDU", "klingon, ''", "'', ''" })
    void parsesLanguageNamesInAnyCase(String name, String language) {
        assertThat(NationalLanguage.parse(name).map(Enum::name).orElse("")).isEqualTo(language);
    }

    @Test
    void usesTheNationalLanguageIdentifiersOfTheSpec() {
        assertThat(Arrays.stream(NationalLanguage.values()).mapToInt(NationalLanguage::code))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        assertThat(NationalLanguage.forCountry(null)).isEmpty();
    }

    @ParameterizedTest(name = "concatenated {0}, {1} shift element(s) -> {2} septets")
    @CsvSource({ "false, 0, 160", "true, 0, 153", "false, 1, 155", "true, 1, 149", "false, 2, 152", "true, 2, 146" })
    void septetCapacityPaysForTheHeaderRoundedUpToSeptets(boolean concatenated, int shifts, int septets) {
        assertThat(Capacity.septets(concatenated, shifts)).isEqualTo(septets);
    }

    @Test
    void ucs2CapacityPaysForTheConcatenationHeader() {
        assertThat(Capacity.ucs2Units(false)).isEqualTo(70);
        assertThat(Capacity.ucs2Units(true)).isEqualTo(67);
    }

    @ParameterizedTest(name = "\"{0}\" with {1} -> locking {2}, single {3}, {4} septets")
    @CsvSource(delimiter = '|', value = {
            "Işık ılık süt iç                   | TURKISH    | TURKISH    |            | 16",
            "Şule ğ                             | TURKISH    | TURKISH    |            | 6",
            "è Ğ                                | TURKISH    |            | TURKISH    | 4",
            "canción, rápido                    | SPANISH    |            | SPANISH    | 17",
            "Informação                         | PORTUGUESE | PORTUGUESE |            | 10",
            "você está aí?                      | PORTUGUESE | PORTUGUESE |            | 13",
            "नमस्ते दुनिया                          | HINDI      | HINDI      |            | 13",
            "Hello नमस्ते                         | HINDI      | HINDI      | HINDI      | 13",
            "hello                              | TURKISH    |            |            | 5" })
    void choosesTheCheapestTablePair(String text, NationalLanguage language, String locking, String single, int septets) {
        Segmentation segmentation = analyze(text.strip(), language);
        assertThat(segmentation.encoding()).isEqualTo(Encoding.GSM_7);
        assertThat(segmentation.lockingShift()).isEqualTo(parse(locking));
        assertThat(segmentation.singleShift()).isEqualTo(parse(single));
        assertThat(segmentation.units()).isEqualTo(septets);
    }

    private static Optional<NationalLanguage> parse(String name) {
        return name == null ? Optional.empty() : NationalLanguage.parse(name);
    }

    @ParameterizedTest(name = "\"{0}\" is UCS-2 without national languages")
    @CsvSource({ "Işık", "canción", "Informação", "नमस्ते" })
    void withoutNationalLanguagesTheSameTextsAreUcs2(String text) {
        assertThat(analyze(text).encoding()).isEqualTo(Encoding.UCS_2);
    }

    @ParameterizedTest(name = "{0} x Hindi 'na' -> {1} segment(s) of {2}")
    @CsvSource({ "155, 1, 155", "156, 2, 149", "298, 2, 149", "299, 3, 149" })
    void oneShiftElementLeaves155SeptetsAlone149PerPart(int length, int segments, int perSegment) {
        Segmentation segmentation = analyze("\u0928".repeat(length), HINDI);
        assertThat(segmentation.segments()).isEqualTo(segments);
        assertThat(segmentation.unitsPerSegment()).isEqualTo(perSegment);
    }

    @ParameterizedTest(name = "H + {0} x Hindi 'na' -> {1} segment(s) of {2}")
    @CsvSource({ "150, 1, 152", "151, 2, 146", "290, 2, 146", "291, 3, 146" })
    void twoShiftElementsLeave152SeptetsAlone146PerPart(int length, int segments, int perSegment) {
        // 'H' is only in the Hindi single shift table: 2 septets
        Segmentation segmentation = analyze("H" + "\u0928".repeat(length), HINDI);
        assertThat(segmentation.singleShift()).contains(HINDI);
        assertThat(segmentation.segments()).isEqualTo(segments);
        assertThat(segmentation.unitsPerSegment()).isEqualTo(perSegment);
    }

    @Test
    void aLockingShiftTableWinsWhenItSavesASegment() {
        // plain: 100 escapes = 200 septets, 2 segments; Portuguese locking: '^' is one septet
        Segmentation segmentation = analyze("^".repeat(100), PORTUGUESE);
        assertThat(segmentation.lockingShift()).contains(PORTUGUESE);
        assertThat(segmentation.segments()).isEqualTo(1);
        assertThat(segmentation.units()).isEqualTo(100);
    }

    @Test
    void plainGsmWinsWhenTheShiftHeaderCostsAsMuchAsItSaves() {
        // plain: 8 septets; Portuguese locking: 4 septets + 5 for its header
        Segmentation segmentation = analyze("^^^^", PORTUGUESE);
        assertThat(segmentation.lockingShift()).isEmpty();
        assertThat(segmentation.units()).isEqualTo(8);
        assertThat(segmentation.unitsPerSegment()).isEqualTo(160);
    }

    @Test
    void aLockingTableMayPairWithAnotherLanguagesSingleShiftTable() {
        // ı is in the Turkish tables only, क in the Hindi locking table only
        Segmentation segmentation = analyze("ı \u0915", TURKISH, HINDI);
        assertThat(segmentation.lockingShift()).contains(HINDI);
        assertThat(segmentation.singleShift()).contains(TURKISH);
        assertThat(segmentation.units()).isEqualTo(4);
    }

    @Test
    void fallsBackToUcs2WhenNoPairOfTablesHoldsEveryCharacter() {
        // Urdu alef and Bengali ka are each in one enabled locking table, but never together
        Segmentation segmentation = analyze("\u0627\u0995", URDU, BENGALI);
        assertThat(segmentation.encoding()).isEqualTo(Encoding.UCS_2);
        assertThat(segmentation.lockingShift()).isEmpty();
        assertThat(segmentation.nonGsmCharacters()).extracting(NonGsmCharacter::index).containsExactly(0, 1);
    }

    @Test
    void listsOnlyTheCharactersNoEnabledTableHolds() {
        Segmentation segmentation = analyze("Işık \ud83d\ude00", TURKISH);
        assertThat(segmentation.encoding()).isEqualTo(Encoding.UCS_2);
        assertThat(segmentation.nonGsmCharacters())
                .containsExactly(new NonGsmCharacter(5, "\ud83d\ude00", 0x1F600));
    }

    @Test
    void spanishHasNoLockingShiftTable() {
        assertThat(SPANISH.hasLockingShift()).isFalse();
        assertThat(analyze("ááá", SPANISH).lockingShift()).isEmpty();
    }
}
