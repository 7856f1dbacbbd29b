package io.tally.segmentation;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;

/** National language names as requests send them ("turkish"), each bad one a 400 naming its index. */
public final class LanguageNames {
    private LanguageNames() {
    }

    public static Set<NationalLanguage> parse(String field, List<String> names) {
        var parsed = EnumSet.noneOf(NationalLanguage.class);
        for (int i = 0; i < names.size(); i++) {
            var element = field + "[" + i + "]";
            var name = Fields.required(element, names.get(i));
            parsed.add(NationalLanguage.parse(name).orElseThrow(() -> Refusal.invalid(element,
                    element + ": unknown national language '" + name + "'")));
        }
        return parsed;
    }
}
