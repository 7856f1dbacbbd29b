package io.tally.report;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code GET /v1/accounts/{account}/reports/breakdown}: the range's sums per key, with each key's share of credits. */
public record BreakdownView(String account, String timeZone, String from, String to, String by, List<ItemView> items,
        TotalsView total) {

    /** A key (null: records without it) and its sums. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ItemView(String key, long count, long units, long segments, BigDecimal credits, BigDecimal cost,
            BigDecimal share) {
    }

    static BreakdownView of(String account, ZoneId zone, Span.Days days, Dimension by, List<Breakdown.Item> items) {
        var views = items.stream().map(item -> {
            var t = TotalsView.of(item.totals());
            return new ItemView(item.key(), t.count(), t.units(), t.segments(), t.credits(), t.cost(), item.share());
        }).toList();
        return new BreakdownView(account, zone.getId(), days.from().toString(), days.to().toString(), by.parameter,
                views, TotalsView.of(Breakdown.total(items)));
    }
}
