package io.tally.pricing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;
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
        int codeDigits = callingCodeDigits(number);
        if (codeDigits > 0) {
            var region = validRegion(Integer.parseInt(number, 1, 1 + codeDigits, 10), number.substring(1 + codeDigits));
            if (region != null) {
                return Optional.of(new Destination(number, region));
            }
        }
        return parsed(number);
    }

    /**
     * The region of a number (its calling code and national significant number) if the number is valid for it, else
     * null: what {@code getRegionCodeForNumber} and then {@code isValidNumberForRegion} answer, without checking the
     * number's ranges twice. Among the regions sharing a calling code, libphonenumber picks the first whose leading
     * digits match or, for a region without leading digits, the first the number is valid for: such a region needs
     * no second check.
     */
    static String validRegion(int callingCode, String national) {
        for (var region : CallingCodeTables.of(callingCode)) {
            if (region.leadingDigits != null) {
                if (region.leadingDigits.matcher(national).lookingAt()) {
                    return region.isValid(national) ? region.answer : null;
                }
            } else if (region.isValid(national)) {
                return region.answer;
            }
        }
        return null;
    }

    /**
     * What libphonenumber's {@code isValidNumberForRegion} reads, kept per region, built the first time a number of
     * its calling code is parsed. libphonenumber looks the region's metadata up, then asks up to eleven number
     * descriptions, each through a boxed list of possible lengths and a synchronized cache of patterns; that was most
     * of the cost of parsing a plain number. The rules are libphonenumber's own (its 9.0.23 getNumberTypeHelper and
     * isNumberMatchingDesc; DestinationTest holds every region's tables to it): the general description must match,
     * then at least one type's description; a description matches if the number's length is among its possible
     * lengths (an empty list: any, as the general description already checked) and its pattern, if not empty,
     * matches the whole number. Only whether some type matches counts here, so the types' patterns are tried per
     * length, mobile and fixed line first.
     */
    static final class RegionTable {
        /** The region as {@link #parse} answers it: null for libphonenumber's unknown region, {@code ZZ}. */
        final String answer;
        /** The leading digits that pick this region among those sharing its calling code; null if none. */
        final Pattern leadingDigits;
        /** The region as libphonenumber names it ({@code 001} for a non-geographic calling code). */
        final String region;
        private final int callingCode;
        /** False if the metadata is not as the tables expect (never seen): libphonenumber then answers. */
        private final boolean tabulated;
        /** Bit n set if the general description allows a national number of n digits. */
        private final long generalLengths;
        /** The general description's pattern; null if empty (then no number is valid). */
        private final Pattern general;
        /** Per length up to the longest any description allows, the patterns of the types allowing it. */
        private final Pattern[][] typesByLength;

        private RegionTable(String region, int callingCode, PhoneMetadata metadata, Pattern leadingDigits) {
            this.answer = isRegion(region) ? region : null;
            this.leadingDigits = leadingDigits;
            this.region = region;
            this.callingCode = callingCode;
            var types = metadata == null ? null : types(metadata);
            this.tabulated = types != null && metadata.getGeneralDesc() != null
                    && ("001".equals(region) || callingCode == metadata.getCountryCode());
            if (!tabulated) {
                this.generalLengths = 0;
                this.general = null;
                this.typesByLength = new Pattern[0][];
                return;
            }
            var generalDesc = metadata.getGeneralDesc();
            this.generalLengths = lengths(generalDesc);
            this.general = pattern(generalDesc);
            long allowed = generalLengths;
            var patterns = new LinkedHashMap<String, Pattern>();
            var typeLengths = new LinkedHashMap<String, Long>();
            for (var type : types) {
                allowed |= lengths(type);
                var regex = type.getNationalNumberPattern();
                if (!regex.isEmpty()) {
                    patterns.computeIfAbsent(regex, Pattern::compile);
                    typeLengths.merge(regex, lengths(type), (a, b) -> a | b);
                }
            }
            this.typesByLength = new Pattern[64 - Long.numberOfLeadingZeros(allowed)][];
            for (int length = 0; length < typesByLength.length; length++) {
                long bit = 1L << length;
                typesByLength[length] = patterns.values().stream()
                        .filter(pattern -> (typeLengths.get(pattern.pattern()) & bit) != 0)
                        .toArray(Pattern[]::new);
            }
        }

        /**
         * The type descriptions whose match makes a number valid, mobile and fixed line first (the usual answers);
         * null if one is missing. Mobile counts only when its patterns differ from fixed line's, as in
         * {@code getNumberTypeHelper}.
         */
        private static List<PhoneNumberDesc> types(PhoneMetadata metadata) {
            var types = new ArrayList<PhoneNumberDesc>();
            if (!metadata.getSameMobileAndFixedLinePattern()) {
                types.add(metadata.getMobile());
            }
            types.addAll(Arrays.asList(metadata.getFixedLine(), metadata.getPremiumRate(), metadata.getTollFree(),
                    metadata.getSharedCost(), metadata.getVoip(), metadata.getPersonalNumber(), metadata.getPager(),
                    metadata.getUan(), metadata.getVoicemail()));
            return types.contains(null) ? null : types;
        }

        /** Bit n set for each possible length n below 64 ([-1]: none); all bits for an empty list (no check). */
        private static long lengths(PhoneNumberDesc desc) {
            if (desc.getPossibleLengthCount() == 0) {
                return -1L;
            }
            long bits = 0;
            for (int length : desc.getPossibleLengthList()) {
                if (length >= 0 && length < 64) {
                    bits |= 1L << length;
                }
            }
            return bits;
        }

        private static Pattern pattern(PhoneNumberDesc desc) {
            var regex = desc.getNationalNumberPattern();
            return regex.isEmpty() ? null : Pattern.compile(regex);
        }

        /** Whether a national significant number (at least two digits) is valid for this region. */
        boolean isValid(String national) {
            int length = national.length();
            if (!tabulated || length >= 64) {
                return PHONES.isValidNumberForRegion(national(callingCode, national), region);
            }
            if ((generalLengths & (1L << length)) == 0 || general == null || !general.matcher(national).matches()) {
                return false;
            }
            for (var type : typesByLength[length]) {
                if (type.matcher(national).matches()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The regions of each calling code, in libphonenumber's order, with their tables; built on first use. */
    static final class CallingCodeTables {
        private static final AtomicReferenceArray<List<RegionTable>> BY_CODE = new AtomicReferenceArray<>(1000);

        static List<RegionTable> of(int callingCode) {
            var tables = BY_CODE.get(callingCode);
            if (tables == null) {
                tables = build(callingCode);
                BY_CODE.compareAndSet(callingCode, null, tables);
            }
            return tables;
        }

        private static List<RegionTable> build(int callingCode) {
            var metadata = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
            var regions = PHONES.getRegionCodesForCountryCode(callingCode);
            var tables = new ArrayList<RegionTable>();
            for (var region : regions) {
                var data = "001".equals(region) ? metadata.getMetadataForNonGeographicalRegion(callingCode)
                        : metadata.getMetadataForRegion(region);
                var leading = regions.size() > 1 && data != null && data.hasLeadingDigits()
                        ? Pattern.compile(data.getLeadingDigits())
                        : null;
                tables.add(new RegionTable(region, callingCode, data, leading));
            }
            return List.copyOf(tables);
        }
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
        int codeDigits = callingCodeDigits(number);
        return codeDigits == 0 ? null
                : national(Integer.parseInt(number, 1, 1 + codeDigits, 10), number.substring(1 + codeDigits));
    }

    /**
     * The number of digits of the calling code of a number that is {@code +}, a known calling code and at least two
     * more digits, at most 15 in all; 0 for anything else. What follows the code is the national significant number
     * as libphonenumber writes it, leading zeros included.
     */
    private static int callingCodeDigits(String number) {
        int digits = number.length() - 1;
        if (digits > MAX_E164_DIGITS) {
            return 0;
        }
        for (int i = 1; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
        }
        for (int length = 1; length <= MAX_COUNTRY_CODE_DIGITS && length < digits; length++) {
            if (CALLING_CODES.contains(Integer.parseInt(number, 1, 1 + length, 10))) {
                return digits - length >= MIN_NATIONAL_DIGITS ? length : 0;
            }
        }
        return 0;
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
