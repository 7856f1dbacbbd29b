package io.tally.report;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * The days a report covers, as asked: {@code from} (inclusive) and {@code to} (exclusive) dates, or a calendar
 * month, or nothing (this month). Days are the account's; today is known once the account is read.
 */
record Span(LocalDate from, LocalDate to, YearMonth month) {
    /** The longest range a report covers. */
    static final int MAX_DAYS = 1100;

    /** The first day and the day after the last. */
    Days in(LocalDate today) {
        if (month != null) {
            return new Days(month.atDay(1), month.plusMonths(1).atDay(1));
        }
        if (from == null && to == null) {
            var first = today.withDayOfMonth(1);
            return new Days(first, first.plusMonths(1));
        }
        var start = from != null ? from : to.minusMonths(1);
        var end = to != null ? to : today.plusDays(1).isAfter(start) ? today.plusDays(1) : start.plusDays(1);
        return new Days(start, end);
    }

    record Days(LocalDate from, LocalDate to) {
    }
}
