package io.tally.segmentation;

/** Thrown by {@link Segmenter#count} and {@link Segmenter#analyze} for text that {@link Segmenter#validate} rejects. */
public final class InvalidTextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient InvalidText invalidText;

    public InvalidTextException(InvalidText invalidText) {
        super(invalidText.reason() + " at index " + invalidText.index());
        this.invalidText = invalidText;
    }

    public InvalidText invalidText() {
        return invalidText;
    }
}
