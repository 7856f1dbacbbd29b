package io.tally.report;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tally.platform.Labels;

/** {@code GET /v1/accounts/{account}/reports/usage}: one line per key (one in all when not grouped). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesView(String account, String timeZone, String from, String to, String interval, String groupBy,
        List<LineView> lines, TotalsView total) {

    /** A line: its key (null for records without it, or when not grouped), its total and every bucket. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LineView(String key, TotalsView total, List<PointView> points) {
    }

    public record PointView(String start, long count, long units, long segments, BigDecimal credits,
            BigDecimal cost) {
    }

    static SeriesView of(String account, ZoneId zone, Span.Days days, Interval interval, Dimension groupBy,
            List<Series.Line> lines) {
        var total = Totals.ZERO;
        var views = new ArrayList<LineView>();
        for (var line : lines) {
            total = total.plus(line.total());
            views.add(new LineView(line.key(), TotalsView.of(line.total()), line.points().stream().map(point -> {
                var t = TotalsView.of(point.totals());
                return new PointView(point.start().toString(), t.count(), t.units(), t.segments(), t.credits(),
                        t.cost());
            }).toList()));
        }
        return new SeriesView(account, zone.getId(), days.from().toString(), days.to().toString(),
                Labels.of(interval), groupBy == null ? null : groupBy.parameter, views, TotalsView.of(total));
    }
}
