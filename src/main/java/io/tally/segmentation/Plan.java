package io.tally.segmentation;

import java.util.ArrayList;
import java.util.List;

/**
 * The encoding chosen for a text and what it costs.
 *
 * @param lockingShift National Language Identifier of the locking shift table, 0 for none
 * @param singleShift National Language Identifier of the single shift table, 0 for none
 */
record Plan(Encoding encoding, int lockingShift, int singleShift, int units, int segments,
        int unitsPerSegment, int remainingUnits) {

    private static final int SEPTETS_WITHOUT_HEADER = Capacity.septets(false, 0);

    /**
     * The cheapest encoding of {@code text} under {@code options}: fewest segments, then fewest
     * septets spent including headers, then fewest national language headers (plain GSM-7 first),
     * then the lowest language identifiers. UCS-2 only when no 7-bit table pair holds every char.
     * Reads the text once, twice when it needs more than one part and the split is not plain arithmetic.
     */
    static Plan of(CharSequence text, SegmentationOptions options, boolean smart) {
        int lockingCandidates = Alphabet.DEFAULT_ALPHABET;
        int shiftCandidates = 1;
        if (!options.languages().isEmpty()) {
            for (NationalLanguage language : options.languages()) {
                shiftCandidates |= 1 << language.code();
                if (language.hasLockingShift()) {
                    lockingCandidates |= 1 << language.code();
                }
            }
        }
        Scan scan = new Scan(lockingCandidates, shiftCandidates);
        CodeUnits.feed(text, smart, scan);
        Plan best = null;
        for (int locking = 0; locking < Alphabet.LANGUAGES; locking++) {
            int shifts = scan.shiftsFor(locking);
            if (shifts != 0) {
                Plan candidate = gsm(text, options.graphemeSafe(), smart, scan, locking, shifts, best);
                if (candidate != null && (best == null || candidate.cheaperThan(best))) {
                    best = candidate;
                }
            }
        }
        return best != null ? best : ucs2(text, options.graphemeSafe(), smart, scan);
    }

    /** The text of each part; {@code text} is the text as counted (smart encoding already applied). */
    List<Part> parts(String text, boolean graphemeSafe) {
        List<Part> parts = new ArrayList<>(segments);
        if (segments == 1) {
            parts.add(new Part(text, units));
            return parts;
        }
        Splitter splitter = new Splitter(splitterTable(), unitsPerSegment, graphemeSafe, true);
        CodeUnits.feed(text, false, splitter);
        int start = 0;
        for (int next : splitter.partStarts()) {
            parts.add(part(text.substring(start, next)));
            start = next;
        }
        parts.add(part(text.substring(start)));
        return parts;
    }

    private Part part(String text) {
        if (encoding == Encoding.UCS_2) {
            return new Part(text, text.length());
        }
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            septets += Alphabet.septets(text.charAt(i), lockingShift);
        }
        return new Part(text, septets);
    }

    private int splitterTable() {
        return encoding == Encoding.UCS_2 ? Splitter.UCS2 : lockingShift;
    }

    private boolean cheaperThan(Plan other) {
        if (segments != other.segments) {
            return segments < other.segments;
        }
        if (septetsSpent() != other.septetsSpent()) {
            return septetsSpent() < other.septetsSpent();
        }
        return headers() < other.headers();
    }

    private int septetsSpent() {
        return units + segments * (SEPTETS_WITHOUT_HEADER - unitsPerSegment);
    }

    private int headers() {
        return (lockingShift != 0 ? 1 : 0) + (singleShift != 0 ? 1 : 0);
    }

    /** The plan with this locking shift table, or null if it cannot beat {@code best}. */
    private static Plan gsm(CharSequence text, boolean graphemeSafe, boolean smart, Scan scan,
            int locking, int shifts, Plan best) {
        int missing = scan.missing(locking);
        int single = missing == 0 || (shifts & 1) != 0 ? 0
                : (shifts & (1 << locking)) != 0 ? locking
                        : Integer.numberOfTrailingZeros(shifts);
        int headers = (locking != 0 ? 1 : 0) + (single != 0 ? 1 : 0);
        int septets = scan.units() + missing;
        int alone = Capacity.septets(false, headers);
        if (septets <= alone) {
            return new Plan(Encoding.GSM_7, locking, single, septets, 1, alone, alone - septets);
        }
        int perPart = Capacity.septets(true, headers);
        int atLeast = (septets + perPart - 1) / perPart;
        if (best != null && atLeast > best.segments) {
            return null;
        }
        if (!graphemeSafe && missing == 0) {
            return new Plan(Encoding.GSM_7, locking, single, septets, atLeast, perPart, atLeast * perPart - septets);
        }
        Splitter splitter = new Splitter(locking, perPart, graphemeSafe, false);
        CodeUnits.feed(text, smart, splitter);
        return new Plan(Encoding.GSM_7, locking, single, septets, splitter.parts(), perPart, splitter.remaining());
    }

    private static Plan ucs2(CharSequence text, boolean graphemeSafe, boolean smart, Scan scan) {
        int units = scan.units();
        int alone = Capacity.ucs2Units(false);
        if (units <= alone) {
            return new Plan(Encoding.UCS_2, 0, 0, units, 1, alone, alone - units);
        }
        int perPart = Capacity.ucs2Units(true);
        if (!graphemeSafe && !scan.surrogates()) {
            int segments = (units + perPart - 1) / perPart;
            return new Plan(Encoding.UCS_2, 0, 0, units, segments, perPart, segments * perPart - units);
        }
        Splitter splitter = new Splitter(Splitter.UCS2, perPart, graphemeSafe, false);
        CodeUnits.feed(text, smart, splitter);
        return new Plan(Encoding.UCS_2, 0, 0, units, splitter.parts(), perPart, splitter.remaining());
    }
}
