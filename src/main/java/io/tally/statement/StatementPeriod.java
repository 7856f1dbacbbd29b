package io.tally.statement;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.regex.Pattern;

import io.tally.platform.Refusal;

/**
 * The days a statement covers, {@code from} inclusive to {@code to} exclusive, in the account's time zone: a calendar
 * month ({@code 2026-11}) or an ISO week ({@code 2026-W47}, Monday to Sunday).
 */
public record StatementPeriod(String name, LocalDate from, LocalDate to) {
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

    /** Reads a period's name; anything else is a 400 naming {@code period}. */
    public static StatementPeriod parse(String text) {
        if (text != null && MONTH.matcher(text).matches()) {
            try {
                return month(YearMonth.parse(text));
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        var week = text == null ? null : WEEK.matcher(text);
        if (week != null && week.matches()) {
            int year = Integer.parseInt(week.group(1));
            int number = Integer.parseInt(week.group(2));
            var monday = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, 1)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            if (year < 1970 || number < 1 || number > weeksIn(year)) {
                throw invalid(text);
            }
            return week(monday.plusWeeks(number - 1L));
        }
        throw invalid(text);
    }

    public static StatementPeriod month(YearMonth month) {
        return new StatementPeriod(month.toString(), month.atDay(1), month.plusMonths(1).atDay(1));
    }

    /** The ISO week that begins on {@code monday}. */
    public static StatementPeriod week(LocalDate monday) {
        var name = String.format("%04d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return new StatementPeriod(name, monday, monday.plusWeeks(1));
    }

    /** The last period of this frequency that ended on or before {@code today} (the account's today). */
    public static StatementPeriod lastComplete(Frequency frequency, LocalDate today) {
        return switch (frequency) {
            case MONTHLY -> month(YearMonth.from(today).minusMonths(1));
            case WEEKLY -> week(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1));
        };
    }

    private static int weeksIn(int year) {
        return (int) LocalDate.of(year, 12, 28).range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
    }

    private static Refusal invalid(String text) {
        return Refusal.invalid("period", "period: a month such as 2026-11 or an ISO week such as 2026-W47, not "
                + (text == null ? "nothing" : "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'"));
    }
}
