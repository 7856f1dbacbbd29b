package io.tally.report;

import java.math.BigDecimal;

import io.tally.pricing.Credits;

/** Sums as a report answers them: counts, and amounts in credits (exact). */
public record TotalsView(long count, long units, long segments, BigDecimal credits, BigDecimal cost) {
    static TotalsView of(Totals totals) {
        return new TotalsView(totals.records(), totals.units(), totals.segments(), Credits.decimal(totals.credits()),
                Credits.decimal(totals.cost()));
    }
}
