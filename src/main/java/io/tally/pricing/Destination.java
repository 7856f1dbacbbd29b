package io.tally.pricing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;

/**
 * Where a message goes: an E.164 number and the country (ISO 3166-1 alpha-2) it belongs to. Country codes shared
 * by several countries (+1, +7, +44 …) are resolved by number range, as libphonenumber does.
 */
public record Destination(String e164, String country) {
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final int MAX_E164_DIGITS = 15;
    private static final int MAX_COUNTRY_CODE_DIGITS = 3;
    private static final int MIN_NATIONAL_DIGITS = 2;
    private static final Set<Integer> CALLING_CODES = Set.copyOf(PHONES.getSupportedCallingCodes());

    /** Whether {@code code} is a country (ISO 3166-1 alpha-2, upper case) that {@link #parse} can answer. */
    public static boolean isCountry(String code) {
        return code != null && PHONES.getSupportedRegions().contains(code);
    }

    /**
     * The destination of a number written in E.164 ({@code +} and digits), or empty if it is not a valid one.
     * A number that is {@code +} and digits only (what pipelines send) skips libphonenumber's general parser, whose
     * normalizing regular expressions cost more than the validation itself; anything else, or a number the short
     * path finds invalid, takes the general parser, which also accepts spaces, dashes and a trunk prefix.
     */
    public static Optional<Destination> parse(String number) {
        if (number == null || !number.startsWith("+") || number.length() > 20) {
            return Optional.empty();
        }
        var plain = plainE164(number);
        if (plain != null) {
            var region = validRegion(plain);
            if (region != null) {
                return Optional.of(new Destination(number, region));
            }
        }
        return parsed(number);
    }

    /**
     * The region of a number if the number is valid for it, else null: what {@code getRegionCodeForNumber} and then
     * {@code isValidNumberForRegion} answer, without checking the number's ranges twice. Among the regions sharing a
     * calling code, libphonenumber picks the first whose leading digits match or, for a region without leading
     * digits, the first the number is valid for: such a region needs no second check.
     */
    static String validRegion(PhoneNumber plain) {
        var regions = PHONES.getRegionCodesForCountryCode(plain.getCountryCode());
        if (regions.size() == 1) {
            var region = regions.get(0);
            return isRegion(region) && PHONES.isValidNumberForRegion(plain, region) ? region : null;
        }
        var national = PHONES.getNationalSignificantNumber(plain);
        for (var region : regions) {
            var leading = LEADING_DIGITS.get(region);
            if (leading != null) {
                if (leading.matcher(national).lookingAt()) {
                    return isRegion(region) && PHONES.isValidNumberForRegion(plain, region) ? region : null;
                }
            } else if (PHONES.isValidNumberForRegion(plain, region)) {
                return isRegion(region) ? region : null;
            }
        }
        return null;
    }

    /**
     * The leading-digit patterns of the regions that share a calling code and have one (libphonenumber's metadata,
     * read once).
     */
    private static final Map<String, Pattern> LEADING_DIGITS = leadingDigits();

    private static Map<String, Pattern> leadingDigits() {
        var metadata = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
        var patterns = new HashMap<String, Pattern>();
        for (int code : PHONES.getSupportedCallingCodes()) {
            var regions = PHONES.getRegionCodesForCountryCode(code);
            if (regions.size() > 1) {
                for (var region : regions) {
                    var data = metadata.getMetadataForRegion(region);
                    if (data != null && data.hasLeadingDigits()) {
                        patterns.put(region, Pattern.compile(data.getLeadingDigits()));
                    }
                }
            }
        }
        return Map.copyOf(patterns);
    }

    /** The sub-types a number's type may give a use that names none (docs/catalogue.md "Uses"). */
    public static final List<String> NUMBER_TYPES = List.of("toll-free", "mobile", "fixed-line");

    /**
     * The type of an E.164 number as a sub-type: {@code toll-free}, {@code mobile} or {@code fixed-line}; empty for
     * any other type (premium rate, shared cost, VoIP...), for a number libphonenumber cannot tell between fixed line
     * and mobile (as in the United States), and for a number that is not valid. Pure: libphonenumber's metadata is
     * in memory, and the type is a few prefix patterns of the number's region.
     */
    public static Optional<String> numberType(String number) {
        if (number == null || !number.startsWith("+") || number.length() > 20) {
            return Optional.empty();
        }
        var phone = plainE164(number);
        if (phone == null) {
            try {
                phone = PHONES.parse(number, null);
            } catch (NumberParseException e) {
                return Optional.empty();
            }
        }
        return switch (PHONES.getNumberType(phone)) {
            case TOLL_FREE -> Optional.of("toll-free");
            case MOBILE -> Optional.of("mobile");
            case FIXED_LINE -> Optional.of("fixed-line");
            default -> Optional.empty();
        };
    }

    private static Optional<Destination> parsed(String number) {
        try {
            var parsed = PHONES.parse(number, null);
            if (!PHONES.isValidNumber(parsed)) {
                return Optional.empty();
            }
            var region = PHONES.getRegionCodeForNumber(parsed);
            if (!isRegion(region)) {
                return Optional.empty();
            }
            return Optional.of(new Destination(PHONES.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), region));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static boolean isRegion(String region) {
        return region != null && !"ZZ".equals(region);
    }

    /**
     * {@code +}, a known country calling code and at least two more digits, at most 15 in all, split as
     * libphonenumber's parser splits it (country codes are prefix-free; leading zeros of the national number kept
     * as its "Italian leading zero"); null for anything else.
     */
    static PhoneNumber plainE164(String number) {
        int digits = number.length() - 1;
        if (digits > MAX_E164_DIGITS) {
            return null;
        }
        for (int i = 1; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        for (int length = 1; length <= MAX_COUNTRY_CODE_DIGITS && length < digits; length++) {
            int code = Integer.parseInt(number, 1, 1 + length, 10);
            if (CALLING_CODES.contains(code)) {
                return national(code, number.substring(1 + length));
            }
        }
        return null;
    }

    private static PhoneNumber national(int countryCode, String national) {
        if (national.length() < MIN_NATIONAL_DIGITS) {
            return null;
        }
        var phone = new PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(national));
        if (national.charAt(0) == '0') {
            phone.setItalianLeadingZero(true);
            int zeros = 1;
            while (zeros < national.length() - 1 && national.charAt(zeros) == '0') {
                zeros++;
            }
            if (zeros != 1) {
                phone.setNumberOfLeadingZeros(zeros);
            }
        }
        return phone;
    }
}
