package io.tally.segmentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Counts the SMS segments (parts) a text takes, by 3GPP TS 23.038 and TS 23.040.
 *
 * <p>
 * A text is invalid when it is null or holds a lone surrogate (it is not UTF-16). Control
 * characters other than LF, CR and FF (FF is the GSM page break) have no GSM form: TAB, the other
 * C0 controls, DEL and the C1 controls are UCS-2 characters, one unit each, as the carriers that
 * carry them bill them (a handset may drop or show them). The empty text is valid: GSM-7, one
 * segment (an empty SMS is still billed), no units.
 *
 * <p>
 * {@link #count} reads the text once (twice for some multi-part texts) and allocates nothing
 * per character; {@link #analyze} explains the result and may allocate freely.
 */
public final class Segmenter {

    private Segmenter() {
    }

    /** Why {@code text} cannot be sent, or empty if it can. */
    public static Optional<InvalidText> validate(CharSequence text) {
        return Optional.ofNullable(CodeUnits.firstInvalid(text));
    }

    /**
     * The encoding, segments and units of {@code text}.
     *
     * @throws InvalidTextException if {@link #validate} rejects the text
     */
    public static SegmentCount count(CharSequence text, SegmentationOptions options) {
        requireText(text);
        Plan plan = Plan.of(text, options, options.applySmartEncoding());
        return new SegmentCount(plan.encoding(), plan.segments(), plan.units());
    }

    /**
     * The full explanation of how {@code text} is segmented.
     *
     * @throws InvalidTextException if {@link #validate} rejects the text
     */
    public static Segmentation analyze(CharSequence text, SegmentationOptions options) {
        requireText(text);
        String given = text.toString();
        List<Suggestion> suggestions = SmartEncoding.suggestions(given);
        String counted = options.applySmartEncoding() ? SmartEncoding.apply(given) : given;
        Plan plan = Plan.of(counted, options, false);
        int saved = 0;
        if (!suggestions.isEmpty() && !options.applySmartEncoding()) {
            saved = plan.segments() - Plan.of(counted, options, true).segments();
        }
        return new Segmentation(counted, plan.encoding(),
                language(plan.lockingShift()), language(plan.singleShift()),
                plan.segments(), plan.units(), plan.unitsPerSegment(), plan.remainingUnits(),
                plan.encoding() == Encoding.UCS_2 ? nonGsmCharacters(counted, options) : List.of(),
                suggestions, saved,
                options.includeParts() ? plan.parts(counted, options.graphemeSafe()) : List.of());
    }

    private static void requireText(CharSequence text) {
        if (text == null) {
            throw new InvalidTextException(new InvalidText(0, "text is null"));
        }
    }

    private static Optional<NationalLanguage> language(int code) {
        return code == 0 ? Optional.empty() : Optional.of(NationalLanguage.values()[code - 1]);
    }

    /**
     * The characters no allowed table holds. With several national languages, UCS-2 can also come
     * from a mix that no single pair of tables holds; then every char outside the GSM default
     * tables is listed, as without national languages.
     */
    private static List<NonGsmCharacter> nonGsmCharacters(String text, SegmentationOptions options) {
        int locking = Alphabet.DEFAULT_ALPHABET;
        int single = 1;
        for (NationalLanguage language : options.languages()) {
            single |= 1 << language.code();
            if (language.hasLockingShift()) {
                locking |= 1 << language.code();
            }
        }
        List<NonGsmCharacter> outside = outside(text, locking, single);
        return outside.isEmpty() ? outside(text, Alphabet.DEFAULT_ALPHABET, 1) : outside;
    }

    private static List<NonGsmCharacter> outside(String text, int locking, int single) {
        List<NonGsmCharacter> outside = new ArrayList<>();
        for (int i = 0; i < text.length();) {
            int codePoint = text.codePointAt(i);
            int tables = codePoint > 0xFFFF ? 0 : Alphabet.tables((char) codePoint);
            if ((Alphabet.lockingShifts(tables) & locking) == 0 && (Alphabet.singleShifts(tables) & single) == 0) {
                outside.add(new NonGsmCharacter(i, Character.toString(codePoint), codePoint));
            }
            i += Character.charCount(codePoint);
        }
        return outside;
    }
}
