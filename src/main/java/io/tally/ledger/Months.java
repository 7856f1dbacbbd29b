package io.tally.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/** Labels of the periods spend counts in: a month (yyyy-MM), a day (yyyy-MM-dd) or an ISO week (YYYY-Www). */
final class Months {
    private static final Pattern PERIOD = Pattern
            .compile("\\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])");

    private Months() {
    }

    static String require(String month) {
        Objects.requireNonNull(month, "month");
        if (!PERIOD.matcher(month).matches()) {
            throw new IllegalArgumentException("month must be yyyy-MM (or yyyy-MM-dd, YYYY-Www): " + month);
        }
        return month;
    }
}
