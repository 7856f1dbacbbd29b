package io.tally.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreditsTest {

    /** The decimal is the value of the text, with the scale the text parses to (an equal BigDecimal, scale too). */
    @Test
    void theDecimalIsTheTextsValueAndScale() {
        var random = new java.util.Random(20261202);
        var values = new java.util.ArrayList<>(java.util.List.of(0L, 1L, -1L, 10L, 1_000_000L, -1_000_000L, 12_000_000L,
                45_000L, 1_500_000L, 1_000_000_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE));
        for (int i = 0; i < 10_000; i++) {
            long magnitude = (long) Math.pow(10, random.nextInt(19));
            values.add(random.nextLong(-magnitude, magnitude + 1) / (random.nextBoolean() ? 1 : 1_000) * 1);
        }
        for (long micros : values) {
            var decimal = Credits.decimal(micros);
            assertThat(decimal).as("%d", micros).isEqualTo(new java.math.BigDecimal(Credits.format(micros)));
            assertThat(decimal.scale()).as("%d", micros).isEqualTo(new java.math.BigDecimal(Credits.format(micros))
                    .scale());
        }
    }

    @ParameterizedTest(name = "{0} -> {1} micro-credits")
    @CsvSource({
            "0, 0",
            "0.0, 0",
            "-0, 0",
            "1, 1000000",
            "0.1, 100000",
            "0.2, 200000",
            "0.3, 300000",
            "0.045, 45000",
            "1.5, 1500000",
            "0.000001, 1",
            "12.345678, 12345678",
            "007.5, 7500000",
            "1.50000000, 1500000", // zeros past the sixth decimal change nothing
            "1000000000, 1000000000000000", // the cap itself
            "999999999.999999, 999999999999999",
            "8.2, 8200000", // 8.2 * 1e6 is 8199999.999999999 in doubles
            "1.005, 1005000" }) // 1.005 * 1e6 is 1004999.9999999999 in doubles
    void readsExactAmounts(String text, long micros) {
        assertThat(Credits.parse(text)).isEqualTo(new Credits.Parsed.Valid(micros));
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource({
            "0.0000001, " + Credits.TOO_PRECISE,
            "1.0000001, " + Credits.TOO_PRECISE,
            "0.30000000000000004, " + Credits.TOO_PRECISE,
            "-1, " + Credits.NEGATIVE,
            "-0.5, " + Credits.NEGATIVE,
            "1000000000.000001, " + Credits.TOO_LARGE,
            "99999999999999999999, " + Credits.TOO_LARGE,
            "NaN, " + Credits.NOT_A_NUMBER,
            "Infinity, " + Credits.NOT_A_NUMBER,
            "'', " + Credits.NOT_A_NUMBER,
            "' 1', " + Credits.NOT_A_NUMBER,
            "'1 ', " + Credits.NOT_A_NUMBER,
            "+1, " + Credits.NOT_A_NUMBER,
            ".5, " + Credits.NOT_A_NUMBER,
            "5., " + Credits.NOT_A_NUMBER,
            "0x10, " + Credits.NOT_A_NUMBER,
            "1_000, " + Credits.NOT_A_NUMBER,
            "'1,5', " + Credits.NOT_A_NUMBER,
            "١, " + Credits.NOT_A_NUMBER, // an Arabic-Indic digit is not a digit here
            "--1, " + Credits.NOT_A_NUMBER,
            // an exponent is never read: "1e3" is not 1,000 credits
            "1e3, " + Credits.EXPONENT,
            "1E+3, " + Credits.EXPONENT,
            "1.5e-3, " + Credits.EXPONENT,
            "25e-6, " + Credits.EXPONENT,
            "0.00000000e5, " + Credits.EXPONENT,
            "1e-7, " + Credits.EXPONENT,
            "1e10, " + Credits.EXPONENT,
            "1e99999, " + Credits.EXPONENT,
            "-1e3, " + Credits.EXPONENT,
            "1e, " + Credits.EXPONENT,
            "1ee3, " + Credits.EXPONENT })
    void refusesWithAReason(String text, String reason) {
        assertThat(Credits.parse(text)).isEqualTo(new Credits.Parsed.Invalid(reason));
    }

    @Test
    void refusesNothingAndOverlongText() {
        assertThat(Credits.parse(null)).isEqualTo(new Credits.Parsed.Invalid(Credits.NOT_A_NUMBER));
        assertThat(Credits.parse("0".repeat(65))).isEqualTo(new Credits.Parsed.Invalid(Credits.NOT_A_NUMBER));
    }

    @ParameterizedTest(name = "signed {0} -> {1}")
    @CsvSource({ "-1, -1000000", "-0.000001, -1", "-1000000000, -1000000000000000", "2.5, 2500000" })
    void readsSignedAmounts(String text, long micros) {
        assertThat(Credits.parseSigned(text)).isEqualTo(new Credits.Parsed.Valid(micros));
    }

    @Test
    void theCapHoldsForNegativeAmountsToo() {
        assertThat(Credits.parseSigned("-1000000000.000001")).isEqualTo(new Credits.Parsed.Invalid(Credits.TOO_LARGE));
    }

    @ParameterizedTest(name = "{0} micro-credits -> {1}")
    @CsvSource({ "0, 0", "1, 0.000001", "100000, 0.1", "1500000, 1.5", "1000000, 1", "100000000, 100",
            "45000, 0.045", "-1, -0.000001", "-2500000, -2.5", "1000000000000000, 1000000000",
            "9223372036854775807, 9223372036854.775807", "-9223372036854775808, -9223372036854.775808" })
    void formatsPlainDecimals(long micros, String text) {
        assertThat(Credits.format(micros)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} round-trips")
    @CsvSource({ "0", "1", "999999", "1000001", "123456789", "1000000000000000" })
    void formatThenParseIsTheIdentity(long micros) {
        assertThat(Credits.parse(Credits.format(micros))).isEqualTo(new Credits.Parsed.Valid(micros));
    }
}
