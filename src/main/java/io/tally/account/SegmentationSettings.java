package io.tally.account;

import java.util.Set;

import io.tally.segmentation.NationalLanguage;

/**
 * How an account's messages are split. {@code languages} are national language shift tables always allowed;
 * with {@code languagesByDestination} the tables of the destination country are allowed too (Turkish for +90...).
 */
public record SegmentationSettings(boolean graphemeSafe, Set<NationalLanguage> languages,
        boolean languagesByDestination) {
    public static final SegmentationSettings DEFAULT = new SegmentationSettings(false, Set.of(), false);

    public SegmentationSettings {
        languages = Set.copyOf(languages);
    }
}
