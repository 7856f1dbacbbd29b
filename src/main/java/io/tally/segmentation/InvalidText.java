package io.tally.segmentation;

/**
 * Why a text cannot be sent as an SMS.
 *
 * @param index UTF-16 index of the first offending character
 * @param reason "lone surrogate", "control character U+0009", or "text is null"
 */
public record InvalidText(int index, String reason) {
}
