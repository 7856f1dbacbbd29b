package io.tally.segmentation;

/**
 * What one SMS holds once its user data header (UDH) is paid for. The user data is 140 octets: 160
 * septets or 70 UTF-16 units. A UDH takes its length octet plus its information elements:
 * concatenation with an 8-bit reference (IEI 00) is 5 octets, each national language shift (IEI 24
 * locking, 25 single) 3. In GSM-7 the header is padded to a septet boundary, so it costs
 * ceil(octets * 8 / 7) septets: 153 per part of a concatenated message, 155 or 152 for a single
 * message with one or two shift elements, 149 or 146 per part with them.
 */
final class Capacity {

    private static final int USER_DATA_OCTETS = 140;
    private static final int LENGTH_OCTET = 1;
    private static final int CONCATENATION_OCTETS = 5;
    private static final int LANGUAGE_SHIFT_OCTETS = 3;

    private Capacity() {
    }

    static int headerOctets(boolean concatenated, int languageShifts) {
        int elements = (concatenated ? CONCATENATION_OCTETS : 0) + languageShifts * LANGUAGE_SHIFT_OCTETS;
        return elements == 0 ? 0 : LENGTH_OCTET + elements;
    }

    /** Septets a GSM-7 part holds beside a header with those elements. */
    static int septets(boolean concatenated, int languageShifts) {
        int headerSeptets = (headerOctets(concatenated, languageShifts) * 8 + 6) / 7;
        return USER_DATA_OCTETS * 8 / 7 - headerSeptets;
    }

    /** UTF-16 code units a UCS-2 part holds. */
    static int ucs2Units(boolean concatenated) {
        return (USER_DATA_OCTETS - headerOctets(concatenated, 0)) / 2;
    }
}
