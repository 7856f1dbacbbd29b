package io.tally.metering;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import io.tally.account.SegmentationSettings;
import io.tally.platform.Fields;
import io.tally.platform.Refusal;
import io.tally.pricing.Destination;
import io.tally.segmentation.LanguageNames;
import io.tally.segmentation.NationalLanguage;
import io.tally.segmentation.SegmentationOptions;

/**
 * The body of a segmentation preview. Options left out fall back to the account's settings (when an account is
 * named), then to the 3GPP defaults.
 */
record SegmentRequest(String text, String to, String account, Options options) {
    record Options(Boolean graphemeSafe, List<String> languages, Boolean languagesByDestination,
            Boolean applySmartEncoding, Boolean includeParts) {
    }

    Optional<Destination> destination() {
        if (to == null) {
            return Optional.empty();
        }
        return Optional.of(Destination.parse(to).orElseThrow(() -> Refusal.invalid("to",
                "to: not a valid E.164 number such as +393471234567")));
    }

    Optional<String> accountId() {
        return account == null ? Optional.empty() : Optional.of(Fields.id("account", account));
    }

    SegmentationOptions toOptions(SegmentationSettings settings, Optional<Destination> destination) {
        var o = options == null ? new Options(null, null, null, null, null) : options;
        var languages = o.languages() == null ? settings.languages() : LanguageNames.parse("options.languages", o.languages());
        boolean byDestination = o.languagesByDestination() == null
                ? settings.languagesByDestination()
                : o.languagesByDestination();
        var allowed = EnumSet.noneOf(NationalLanguage.class);
        allowed.addAll(languages);
        if (byDestination) {
            destination.ifPresent(d -> allowed.addAll(NationalLanguage.forCountry(d.country())));
        }
        return new SegmentationOptions(
                o.graphemeSafe() == null ? settings.graphemeSafe() : o.graphemeSafe(),
                allowed,
                Boolean.TRUE.equals(o.applySmartEncoding()),
                Boolean.TRUE.equals(o.includeParts()));
    }
}
