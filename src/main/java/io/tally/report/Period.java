package io.tally.report;

import java.time.LocalDate;

/** The periods of a cumulative series, each up to today (in the account's zone). */
enum Period {
    /** This calendar month. */
    MONTH,
    /** This calendar quarter. */
    QUARTER,
    /** This calendar month and the five before it. */
    SIX_MONTHS,
    /** This calendar year. */
    YEAR;

    LocalDate start(LocalDate today) {
        var month = today.withDayOfMonth(1);
        return switch (this) {
            case MONTH -> month;
            case QUARTER -> month.withMonth((today.getMonthValue() - 1) / 3 * 3 + 1);
            case SIX_MONTHS -> month.minusMonths(5);
            case YEAR -> today.withDayOfYear(1);
        };
    }
}
