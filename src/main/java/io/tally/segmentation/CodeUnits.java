package io.tally.segmentation;

/**
 * Reads a text once, front to back, checking it and handing each UTF-16 char with its
 * {@link Alphabet} entry to a {@link Sink}; with smart encoding, a look-alike is replaced on the
 * way by its GSM equivalent, so counting a smart-encoded text copies nothing.
 */
final class CodeUnits {

    /** Receives the chars of the text as counted. */
    abstract static class Sink {
        abstract void accept(char c, int tables);
    }

    private CodeUnits() {
    }

    /** Feeds {@code text} to {@code sink}; throws {@link InvalidTextException} at the first invalid char. */
    static void feed(CharSequence text, boolean smart, Sink sink) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            int tables = Alphabet.tables(c);
            if ((tables & Alphabet.DEFAULT_ALPHABET) == 0) {
                InvalidText invalid = check(text, i, c, tables);
                if (invalid != null) {
                    throw new InvalidTextException(invalid);
                }
                if (smart && (tables & Alphabet.SMART_REPLACEABLE) != 0) {
                    String replacement = SmartEncoding.replacement(c);
                    for (int k = 0; k < replacement.length(); k++) {
                        char r = replacement.charAt(k);
                        sink.accept(r, Alphabet.tables(r));
                    }
                    continue;
                }
            }
            sink.accept(c, tables);
        }
    }

    /** Where and why {@code text} is invalid, or null if it is valid. */
    static InvalidText firstInvalid(CharSequence text) {
        if (text == null) {
            return new InvalidText(0, "text is null");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            InvalidText invalid = check(text, i, c, Alphabet.tables(c));
            if (invalid != null) {
                return invalid;
            }
        }
        return null;
    }

    private static InvalidText check(CharSequence text, int i, char c, int tables) {
        if (Character.isHighSurrogate(c)
                && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))) {
            return new InvalidText(i, "lone surrogate");
        }
        if (Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
            return new InvalidText(i, "lone surrogate");
        }
        return null;
    }
}
