package io.tally.pricing;

import java.math.BigDecimal;

/**
 * Credit amounts as {@code long} micro-credits (1 credit = 1,000,000), read exactly from their decimal text and
 * written back as plain decimals. Never goes through a {@code double}: {@code 0.1} is 100,000 micro-credits.
 *
 * <p>
 * Accepted text: an optional {@code -}, digits and an optional fraction ({@code .} and digits); leading zeros are
 * tolerated. No exponent: {@code 1e3} is refused rather than read as 1,000 credits, so an amount always reads as
 * what it looks like. The value must be a whole number of micro-credits (zeros beyond the sixth decimal are
 * harmless: {@code 1.50000000} is 1.5; {@code 0.0000001} is refused) and at most {@link #MAX_MICROS} in magnitude.
 */
public final class Credits {
    public static final long MICROS_PER_CREDIT = 1_000_000L;
    /** The largest single amount: one billion credits, so that every amount is exact in a Lua number too. */
    public static final long MAX_MICROS = 1_000_000_000_000_000L;
    public static final int DECIMALS = 6;

    static final String NOT_A_NUMBER = "not a decimal number such as 0.045";
    static final String TOO_PRECISE = "at most 6 decimal places (1 micro-credit)";
    static final String NEGATIVE = "must not be negative";
    static final String TOO_LARGE = "at most 1000000000 credits";
    static final String EXPONENT = "a plain decimal such as 1000 (no exponent)";

    private static final int MAX_TEXT = 64;
    /** Digits of {@link #MAX_MICROS}. */
    private static final int MAX_DIGITS = 16;

    private Credits() {
    }

    /** The outcome of reading an amount: its micro-credits, or why it was refused. */
    public sealed interface Parsed {
        /** An exact amount. */
        record Valid(long micros) implements Parsed {
        }

        /** A refused text; {@code reason} completes a sentence that starts with the field name. */
        record Invalid(String reason) implements Parsed {
        }
    }

    /** Reads a non-negative amount, the form of almost every amount in the API (rates, grants, limits). */
    public static Parsed parse(String text) {
        return parse(text, false);
    }

    /** Reads an amount that may be negative (adjustments). */
    public static Parsed parseSigned(String text) {
        return parse(text, true);
    }

    /** Micro-credits as a plain decimal without trailing zeros: 1500000 is {@code 1.5}, 0 is {@code 0}. */
    public static String format(long micros) {
        return BigDecimal.valueOf(micros, DECIMALS).stripTrailingZeros().toPlainString();
    }

    /**
     * Micro-credits as a decimal for JSON answers (written as a number, exactly): the value of {@link #format}'s text,
     * with the scale that text would parse to (0 to 6), so it never prints in exponent form. Made without the text: an
     * export makes four a row.
     */
    public static BigDecimal decimal(long micros) {
        var stripped = BigDecimal.valueOf(micros, DECIMALS).stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Parsed parse(String text, boolean signed) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            return new Parsed.Invalid(NOT_A_NUMBER);
        }
        int n = text.length();
        int i = 0;
        boolean negative = text.charAt(0) == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        i = digits(text, i);
        int intEnd = i;
        if (intEnd == intStart) {
            return new Parsed.Invalid(NOT_A_NUMBER);
        }
        int fracStart = i;
        int fracEnd = i;
        if (i < n && text.charAt(i) == '.') {
            fracStart = i + 1;
            fracEnd = digits(text, fracStart);
            if (fracEnd == fracStart) {
                return new Parsed.Invalid(NOT_A_NUMBER);
            }
            i = fracEnd;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            return new Parsed.Invalid(EXPONENT);
        }
        if (i != n) {
            return new Parsed.Invalid(NOT_A_NUMBER);
        }
        String digits = text.substring(intStart, intEnd) + text.substring(fracStart, fracEnd);
        // value = digits * 10^-(fraction length), micro-credits = digits * 10^shift
        int shift = DECIMALS - (fracEnd - fracStart);
        int first = 0;
        while (first < digits.length() && digits.charAt(first) == '0') {
            first++;
        }
        int last = digits.length();
        while (last > first && digits.charAt(last - 1) == '0') {
            last--;
            shift++;
        }
        if (first == last) {
            return new Parsed.Valid(0);
        }
        if (negative && !signed) {
            return new Parsed.Invalid(NEGATIVE);
        }
        if (shift < 0) {
            return new Parsed.Invalid(TOO_PRECISE);
        }
        if (last - first + shift > MAX_DIGITS) {
            return new Parsed.Invalid(TOO_LARGE);
        }
        long micros = Long.parseLong(digits, first, last, 10);
        for (int k = 0; k < shift; k++) {
            micros *= 10;
        }
        if (micros > MAX_MICROS) {
            return new Parsed.Invalid(TOO_LARGE);
        }
        return new Parsed.Valid(negative ? -micros : micros);
    }

    private static int digits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
