package io.tally.segmentation;

/**
 * A character that forces UCS-2.
 *
 * @param index UTF-16 index into the counted text
 * @param character the character (one code point, so two chars for most emoji)
 * @param codePoint its Unicode code point
 */
public record NonGsmCharacter(int index, String character, int codePoint) {
}
