package io.tally.report;

import java.time.LocalDate;

/** The rollups of one day (in the account's zone) and one key of the grouping ({@code null}: not grouped or absent). */
record DayRow(LocalDate day, String key, Totals totals) {
}
