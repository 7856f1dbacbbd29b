package io.tally.metering;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.pricing.Destination;
import io.tally.pricing.PriceView;
import io.tally.pricing.Quote;
import io.tally.segmentation.NationalLanguage;
import io.tally.segmentation.NonGsmCharacter;
import io.tally.segmentation.Part;
import io.tally.segmentation.Segmentation;
import io.tally.segmentation.SegmentationOptions;

/** The answer of a segmentation preview. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SegmentView(String encoding, int segments, int units, int unitsPerSegment, int remainingUnits,
        String lockingShift, String singleShift, List<CharacterView> nonGsmCharacters,
        List<SuggestionView> suggestions, int segmentsSavedBySuggestions, String text, List<Part> parts,
        DestinationView destination, PriceView price, String priceNote) {

    record CharacterView(int index, String character, String codePoint) {
    }

    record SuggestionView(int index, String original, String replacement) {
    }

    record DestinationView(String number, String country) {
    }

    static SegmentView of(Segmentation s, SegmentationOptions options, Optional<Destination> destination) {
        return new SegmentView(s.encoding().label(), s.segments(), s.units(), s.unitsPerSegment(),
                s.remainingUnits(), name(s.lockingShift()), name(s.singleShift()),
                s.nonGsmCharacters().stream().map(SegmentView::character).toList(),
                s.suggestions().stream().map(g -> new SuggestionView(g.index(), g.original(), g.replacement()))
                        .toList(),
                s.segmentsSavedBySuggestions(),
                options.applySmartEncoding() ? s.text() : null,
                options.includeParts() ? s.parts() : null,
                destination.map(d -> new DestinationView(d.e164(), d.country())).orElse(null), null, null);
    }

    /** This preview with the price of its segments, or a note saying why there is none. */
    SegmentView priced(Quote quote) {
        return new SegmentView(encoding, segments, units, unitsPerSegment, remainingUnits, lockingShift, singleShift,
                nonGsmCharacters, suggestions, segmentsSavedBySuggestions, text, parts, destination,
                quote.price().map(PriceView::of).orElse(null), quote.refusal().orElse(null));
    }

    private static CharacterView character(NonGsmCharacter c) {
        return new CharacterView(c.index(), c.character(), String.format(Locale.ROOT, "U+%04X", c.codePoint()));
    }

    private static String name(Optional<NationalLanguage> language) {
        return language.map(l -> l.name().toLowerCase(Locale.ROOT)).orElse(null);
    }
}
