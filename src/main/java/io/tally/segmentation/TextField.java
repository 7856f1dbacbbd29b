package io.tally.segmentation;

import java.util.function.Function;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/**
 * A request's message text at the HTTP edge: required, at most {@link #MAX_LENGTH} characters, and segmented once.
 * Invalid text (a lone surrogate) is found by the segmentation itself and answered as a 400
 * naming the field and the index, so the text is scanned once.
 */
public final class TextField {
    /** 255 parts of 153 septets: the most a concatenation header can number. */
    public static final int MAX_LENGTH = 255 * 153;

    private TextField() {
    }

    public static <T> T segment(String field, String text, Function<String, T> segmentation) {
        Fields.required(field, text);
        if (text.length() > MAX_LENGTH) {
            throw Refusal.invalid(field, field + ": at most " + MAX_LENGTH + " characters");
        }
        try {
            return segmentation.apply(text);
        } catch (InvalidTextException e) {
            var invalid = e.invalidText();
            throw Refusal.invalid(field, field + ": " + invalid.reason() + " at index " + invalid.index());
        }
    }
}
