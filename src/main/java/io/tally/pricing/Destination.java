package io.tally.pricing;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Optional;

/**
 * Where a message goes: an E.164 number and the country (ISO 3166-1 alpha-2) it belongs to. Country codes shared
 * by several countries (+1, +7, +44 …) are resolved by number range, as libphonenumber does.
 */
public record Destination(String e164, String country) {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** Whether {@code code} is a country (ISO 3166-1 alpha-2, upper case) that {@link #parse} can answer. */
    public static boolean isCountry(String code) {
        return code != null && PHONES.getSupportedRegions().contains(code);
    }

    /** The destination of a number written in E.164 ({@code +} and digits), or empty if it is not a valid one. */
    public static Optional<Destination> parse(String number) {
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
            return Optional.of(new Destination(PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), region));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
