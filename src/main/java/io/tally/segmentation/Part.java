package io.tally.segmentation;

/**
 * One SMS of a segmented text.
 *
 * @param text the characters this part carries
 * @param units what they cost in the chosen encoding (septets or UTF-16 code units)
 */
public record Part(String text, int units) {
}
