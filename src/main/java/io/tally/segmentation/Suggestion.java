package io.tally.segmentation;

/**
 * A look-alike character that has a GSM equivalent.
 *
 * @param index UTF-16 index into the text as given (before any replacement)
 * @param original the character found
 * @param replacement what smart encoding puts in its place (may be longer, e.g. "..." for an ellipsis, or empty)
 */
public record Suggestion(int index, String original, String replacement) {
}
