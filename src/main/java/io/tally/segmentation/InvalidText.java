package io.tally.segmentation;

/**
 * Why a text cannot be sent as an SMS.
 *
 * @param index UTF-16 index of the first offending character
 * @param reason "lone surrogate" or "text is null"
 */
public record InvalidText(int index, String reason) {
}
