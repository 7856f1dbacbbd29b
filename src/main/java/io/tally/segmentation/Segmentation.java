package io.tally.segmentation;

import java.util.List;
import java.util.Optional;

/**
 * A full explanation of how a text is segmented.
 *
 * @param text the text as counted: smart-encoded when that option is on
 * @param encoding GSM-7 or UCS-2
 * @param lockingShift the national locking shift table used, if any (GSM-7 only)
 * @param singleShift the national single shift table used, if any (GSM-7 only)
 * @param segments how many SMS parts are billed (at least 1)
 * @param units septets (GSM-7) or UTF-16 code units (UCS-2), headers excluded
 * @param unitsPerSegment capacity of each part: 160/153 or 70/67, less any national language header
 * @param remainingUnits units still free in the last part
 * @param nonGsmCharacters what forces UCS-2, with positions in {@code text}; empty for GSM-7
 * @param suggestions look-alikes with GSM equivalents, positions in the text as given
 * @param segmentsSavedBySuggestions segments now minus segments if every suggestion were applied: 0
 *        once smart encoding is applied, negative when replacing would cost
 *        more (an ellipsis becomes three characters)
 * @param parts the text of each part, empty unless asked for
 */
public record Segmentation(String text, Encoding encoding,
        Optional<NationalLanguage> lockingShift, Optional<NationalLanguage> singleShift,
        int segments, int units, int unitsPerSegment, int remainingUnits,
        List<NonGsmCharacter> nonGsmCharacters, List<Suggestion> suggestions,
        int segmentsSavedBySuggestions, List<Part> parts) {

    public Segmentation {
        nonGsmCharacters = List.copyOf(nonGsmCharacters);
        suggestions = List.copyOf(suggestions);
        parts = List.copyOf(parts);
    }

    /** The counts alone. */
    public SegmentCount count() {
        return new SegmentCount(encoding, segments, units);
    }
}
