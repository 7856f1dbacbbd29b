package io.tally.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

final class Months {
    private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    private Months() {
    }

    static String require(String month) {
        Objects.requireNonNull(month, "month");
        if (!MONTH.matcher(month).matches()) {
            throw new IllegalArgumentException("month must be yyyy-MM: " + month);
        }
        return month;
    }
}
