package io.tally.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * {@link Destination#parse} takes a short path for plain E.164 numbers; it must answer exactly what libphonenumber's
 * general parser answers ({@link #reference}), for every number.
 */
class DestinationTest {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** The general path alone: what {@link Destination#parse} answered before the short path existed. */
    private static Optional<Destination> reference(String number) {
        if (number == null || !number.startsWith("+") || number.length() > 20) {
            return Optional.empty();
        }
        try {
            var parsed = PHONES.parse(number, null);
            if (!PHONES.isValidNumber(parsed)) {
                return Optional.empty();
            }
            var region = PHONES.getRegionCodeForNumber(parsed);
            if (region == null || "ZZ".equals(region)) {
                return Optional.empty();
            }
            return Optional.of(new Destination(PHONES.format(parsed, PhoneNumberFormat.E164), region));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    @Test
    void knownNumbersGetTheirCountry() {
        assertThat(Destination.parse("+393471234567")).contains(new Destination("+393471234567", "IT"));
        assertThat(Destination.parse("+390212345678")).contains(new Destination("+390212345678", "IT"));
        assertThat(Destination.parse("+14155552671")).contains(new Destination("+14155552671", "US"));
        assertThat(Destination.parse("+15062345678")).contains(new Destination("+15062345678", "CA"));
        assertThat(Destination.parse("+447400123456")).contains(new Destination("+447400123456", "GB"));
        assertThat(Destination.parse("+44 7400 123456")).contains(new Destination("+447400123456", "GB"));
        assertThat(Destination.parse("+4407911123456")).isEqualTo(reference("+4407911123456"));
        assertThat(Destination.parse("+3934712345")).isEmpty();
        assertThat(Destination.parse("393471234567")).isEmpty();
        assertThat(Destination.parse("+")).isEmpty();
        assertThat(Destination.parse("+1")).isEmpty();
    }

    @Test
    void everyRegionsExampleNumbersAgreeWithTheGeneralParser() {
        var numbers = new ArrayList<String>();
        for (var region : PHONES.getSupportedRegions()) {
            for (var type : PhoneNumberType.values()) {
                var example = PHONES.getExampleNumberForType(region, type);
                if (example != null) {
                    numbers.add(PHONES.format(example, PhoneNumberFormat.E164));
                }
            }
        }
        for (var code : PHONES.getSupportedGlobalNetworkCallingCodes()) {
            var example = PHONES.getExampleNumberForNonGeoEntity(code);
            if (example != null) {
                numbers.add(PHONES.format(example, PhoneNumberFormat.E164));
            }
        }
        assertThat(numbers).hasSizeGreaterThan(1_000);
        assertAgree(numbers);
        long valid = numbers.stream().filter(n -> Destination.parse(n).isPresent()).count();
        assertThat(valid).isGreaterThan(numbers.size() * 9 / 10);
    }

    @Test
    void randomDigitsAfterEveryCallingCodeAgreeWithTheGeneralParser() {
        var random = new SplittableRandom(20261122);
        var numbers = new ArrayList<String>();
        for (var code : PHONES.getSupportedCallingCodes()) {
            for (int i = 0; i < 300; i++) {
                var number = new StringBuilder("+").append(code);
                if (i % 10 == 0) {
                    number.append("0".repeat(1 + random.nextInt(3)));
                }
                int length = random.nextInt(0, 15);
                for (int d = 0; d < length; d++) {
                    number.append((char) ('0' + random.nextInt(10)));
                }
                numbers.add(number.toString());
            }
        }
        assertAgree(numbers);
    }

    @Test
    void unusualShapesAgreeWithTheGeneralParser() {
        assertAgree(List.of("+", "+0", "+00", "+999", "+9991234567", "+8001234567", "+80012345678", "+870773111632",
                "+3906698", "+39066981", "+3900000", "+39000000000", "+12", "+1234567890123456", "+123456789012345",
                "+39 347 123 4567", "+39-347-1234567", "+39(347)1234567", "+393471234567x12", "+١٢٣", "+39 ",
                "+7 912 345 67 89", "+79123456789", "+77112227231", "+4915123456789", "+861012345678"));
    }

    /**
     * Numbers of every length after every calling code, random or an example number's first digits and random ones,
     * some with leading zeros: the short path's tables must agree with the general parser on each.
     */
    @Test
    void numbersOfEveryLengthAfterEveryCallingCodeAgreeWithTheGeneralParser() {
        var random = new SplittableRandom(20261202);
        var numbers = new ArrayList<String>();
        for (var code : PHONES.getSupportedCallingCodes()) {
            var examples = examples(code);
            int longest = 15 - String.valueOf(code).length();
            for (int length = 2; length <= longest; length++) {
                for (int i = 0; i < 16; i++) {
                    numbers.add("+" + code + national(random, examples, length, i));
                }
            }
        }
        assertAgree(numbers);
        long valid = numbers.stream().filter(n -> Destination.parse(n).isPresent()).count();
        assertThat(numbers).hasSizeGreaterThan(35_000);
        assertThat(valid).isGreaterThan(2_500);
    }

    /**
     * Each region's tables, also those of regions the short path does not pick for a number (a calling code's later
     * regions), answer what {@code isValidNumberForRegion} answers for numbers of every length up to 17 digits.
     */
    @Test
    void everyRegionsTablesAgreeWithLibphonenumber() {
        var random = new SplittableRandom(2026120201);
        int checked = 0;
        int valid = 0;
        for (var code : PHONES.getSupportedCallingCodes()) {
            var examples = examples(code);
            for (var table : Destination.CallingCodeTables.of(code)) {
                for (int length = 2; length <= 17; length++) {
                    for (int i = 0; i < 30; i++) {
                        var national = national(random, examples, length, i);
                        var phone = new PhoneNumber().setCountryCode(code).setNationalNumber(Long.parseLong(national));
                        int zeros = national.length() - national.replaceFirst("^0+", "").length();
                        if (zeros > 0) {
                            phone.setItalianLeadingZero(true).setNumberOfLeadingZeros(Math.min(zeros, length - 1));
                        }
                        assertThat(PHONES.getNationalSignificantNumber(phone)).isEqualTo(national);
                        boolean expected = PHONES.isValidNumberForRegion(phone, table.region);
                        assertThat(table.isValid(national)).as("%s %s", table.region, national).isEqualTo(expected);
                        checked++;
                        valid += expected ? 1 : 0;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(100_000);
        assertThat(valid).isGreaterThan(5_000);
    }

    /** The national significant numbers of the example numbers of every region (or entity) of a calling code. */
    private static List<String> examples(int code) {
        var examples = new ArrayList<String>();
        for (var region : PHONES.getRegionCodesForCountryCode(code)) {
            for (var type : PhoneNumberType.values()) {
                var example = "001".equals(region) ? PHONES.getExampleNumberForNonGeoEntity(code)
                        : PHONES.getExampleNumberForType(region, type);
                if (example != null) {
                    examples.add(PHONES.getNationalSignificantNumber(example));
                }
            }
        }
        return examples;
    }

    /**
     * A national number of {@code length} digits: every third an example's first digits (all but the last one to
     * four) followed by random ones, every fifth with one to three leading zeros, the others random.
     */
    private static String national(SplittableRandom random, List<String> examples, int length, int i) {
        var national = new StringBuilder();
        if (i % 3 != 0 && !examples.isEmpty()) {
            var example = examples.get(random.nextInt(examples.size()));
            national.append(example, 0, Math.max(0, Math.min(length, example.length() - 1 - random.nextInt(4))));
        } else if (i % 5 == 0) {
            national.append("0".repeat(1 + random.nextInt(Math.min(3, length))));
        }
        while (national.length() < length) {
            national.append((char) ('0' + random.nextInt(10)));
        }
        return national.toString();
    }

    private static void assertAgree(List<String> numbers) {
        for (var number : numbers) {
            assertThat(Destination.parse(number)).as(number).isEqualTo(reference(number));
        }
    }
}
