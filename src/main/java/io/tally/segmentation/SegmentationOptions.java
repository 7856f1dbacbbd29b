package io.tally.segmentation;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How to segment a text.
 *
 * @param graphemeSafe never split an extended grapheme cluster (UAX #29) across parts, as
 *        Twilio's calculator and Android do; otherwise split on encoding units as
 *        3GPP allows (never inside an escape sequence or a surrogate pair)
 * @param languages national language tables the destination handsets support; the
 *        cheapest encoding among them wins. Empty: GSM default alphabet only
 * @param applySmartEncoding replace look-alike characters (curly quotes, dashes, ...) by their GSM
 *        equivalents before counting; they are reported as suggestions either way
 * @param includeParts let {@link Segmenter#analyze} return the text of each part
 */
public record SegmentationOptions(boolean graphemeSafe, Set<NationalLanguage> languages,
        boolean applySmartEncoding, boolean includeParts) {

    /** 3GPP code-unit splitting, no national languages, no smart encoding, no parts. */
    public static final SegmentationOptions DEFAULT = new SegmentationOptions(false, Set.of(), false, false);

    /** Keeps an ordered, unmodifiable copy of the languages; null means none. */
    public SegmentationOptions {
        languages = languages == null || languages.isEmpty()
                ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(languages));
    }

    public SegmentationOptions withGraphemeSafe(boolean graphemeSafe) {
        return new SegmentationOptions(graphemeSafe, languages, applySmartEncoding, includeParts);
    }

    public SegmentationOptions withLanguages(Set<NationalLanguage> languages) {
        return new SegmentationOptions(graphemeSafe, languages, applySmartEncoding, includeParts);
    }

    public SegmentationOptions withSmartEncoding(boolean applySmartEncoding) {
        return new SegmentationOptions(graphemeSafe, languages, applySmartEncoding, includeParts);
    }

    public SegmentationOptions withParts(boolean includeParts) {
        return new SegmentationOptions(graphemeSafe, languages, applySmartEncoding, includeParts);
    }
}
