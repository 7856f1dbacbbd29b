package io.tally.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Daily rollups folded into a series: one line per key (one line in all when not grouped), each with every bucket
 * of the range, empty ones included, so that a chart needs no gap filling. Lines are ordered by credits, largest
 * first, then key.
 */
final class Series {
    private Series() {
    }

    record Point(LocalDate start, Totals totals) {
    }

    record Line(String key, List<Point> points, Totals total) {
    }

    /** The buckets' first days from {@code from} (its bucket's start) up to {@code to} (exclusive). */
    static List<LocalDate> buckets(LocalDate from, LocalDate to, Interval interval) {
        var starts = new ArrayList<LocalDate>();
        for (var start = interval.start(from); start.isBefore(to); start = interval.next(start)) {
            starts.add(start);
        }
        return starts;
    }

    static List<Line> of(List<DayRow> rows, LocalDate from, LocalDate to, Interval interval, boolean grouped) {
        var buckets = buckets(from, to, interval);
        var byKey = new LinkedHashMap<String, Map<LocalDate, Totals>>();
        if (!grouped) {
            byKey.put(null, new TreeMap<>());
        }
        for (var row : rows) {
            if (row.day().isBefore(from) || !row.day().isBefore(to)) {
                continue;
            }
            var key = grouped ? row.key() : null;
            byKey.computeIfAbsent(key, k -> new TreeMap<>())
                    .merge(interval.start(row.day()), row.totals(), Totals::plus);
        }
        var lines = new ArrayList<Line>();
        byKey.forEach((key, sums) -> {
            var points = new ArrayList<Point>(buckets.size());
            var total = Totals.ZERO;
            for (var start : buckets) {
                var totals = sums.getOrDefault(start, Totals.ZERO);
                points.add(new Point(start, totals));
                total = total.plus(totals);
            }
            lines.add(new Line(key, points, total));
        });
        lines.sort(Comparator.comparingLong((Line line) -> -line.total().credits())
                .thenComparing(Line::key, Comparator.nullsFirst(Comparator.naturalOrder())));
        return lines;
    }

    /** The running total of credits up to and including each day from {@code from} to {@code to} (exclusive). */
    static List<Running> cumulative(List<DayRow> rows, LocalDate from, LocalDate to) {
        var byDay = new TreeMap<LocalDate, Totals>();
        rows.forEach(row -> byDay.merge(row.day(), row.totals(), Totals::plus));
        var points = new ArrayList<Running>();
        var total = Totals.ZERO;
        for (var day = from; day.isBefore(to); day = day.plusDays(1)) {
            var totals = byDay.getOrDefault(day, Totals.ZERO);
            total = total.plus(totals);
            points.add(new Running(day, totals, total));
        }
        return points;
    }

    /** A day: what it spent, and the total up to and including it. */
    record Running(LocalDate day, Totals spent, Totals total) {
    }
}
