package io.tally.report;

/**
 * What a report sums: records (messages, calls, uses), units, segments, credits charged and cost (micro-credits).
 * Released records charge nothing and are left out of records, units, segments and cost (docs/reports.md).
 */
record Totals(long records, long units, long segments, long credits, long cost) {
    static final Totals ZERO = new Totals(0, 0, 0, 0, 0);

    Totals plus(Totals other) {
        return new Totals(records + other.records, units + other.units, segments + other.segments,
                credits + other.credits, cost + other.cost);
    }
}
