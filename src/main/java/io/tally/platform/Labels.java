package io.tally.platform;

import java.util.Arrays;
import java.util.Locale;

/** Enum constants as the API spells them: {@code PLAN_ALLOWANCE} is {@code "plan-allowance"}. */
public final class Labels {
    private Labels() {
    }

    public static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant a label names, or a 400 naming the field and the labels it accepts. */
    public static <E extends Enum<E>> E parse(String field, String label, Class<E> type) {
        Fields.required(field, label);
        for (var constant : type.getEnumConstants()) {
            if (of(constant).equals(label.trim().toLowerCase(Locale.ROOT))
                    || constant.name().equalsIgnoreCase(label.trim())) {
                return constant;
            }
        }
        throw Refusal.invalid(field, field + ": one of "
                + Arrays.stream(type.getEnumConstants()).map(Labels::of).toList());
    }
}
