package io.tally.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import io.tally.platform.Labels;
import io.tally.pricing.Credits;

/**
 * {@code GET /v1/accounts/{account}/reports/cumulative}: for each day of the period up to today, the credits charged
 * that day and the running total up to and including it.
 */
public record CumulativeView(String account, String timeZone, String period, String from, String to, List<DayView> days,
        TotalsView total) {

    public record DayView(String day, BigDecimal credits, BigDecimal cumulative, long count, long cumulativeCount) {
    }

    static CumulativeView of(String account, ZoneId zone, Period period, LocalDate from, LocalDate to,
            List<Series.Running> running) {
        var days = running.stream().map(r -> new DayView(r.day().toString(), Credits.decimal(r.spent().credits()),
                Credits.decimal(r.total().credits()), r.spent().records(), r.total().records())).toList();
        var total = running.isEmpty() ? Totals.ZERO : running.get(running.size() - 1).total();
        return new CumulativeView(account, zone.getId(), Labels.of(period), from.toString(), to.toString(), days,
                TotalsView.of(total));
    }
}
