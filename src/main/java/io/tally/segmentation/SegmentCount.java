package io.tally.segmentation;

/**
 * What a text costs: the encoding it is sent with, how many SMS parts (segments) it takes, and how
 * many units it holds (septets for GSM-7, escape sequences counted as two; UTF-16 code units for
 * UCS-2). User data headers are not included in {@code units}.
 */
public record SegmentCount(Encoding encoding, int segments, int units) {
}
