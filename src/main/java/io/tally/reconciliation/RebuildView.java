package io.tally.reconciliation;

import java.math.BigDecimal;

import io.tally.pricing.Credits;

/**
 * What a rebuild wrote to Redis: the account hash ({@code fields} of it, {@code lots} lots) and its open holds, with
 * the totals in credits. Idempotency records are not rebuilt (docs/usage.md "Rebuild").
 */
record RebuildView(String account, int fields, int lots, int holds, BigDecimal granted, BigDecimal spent,
        BigDecimal held, BigDecimal debt, BigDecimal pool) {

    static RebuildView of(Reconciler.Rebuilt rebuilt) {
        var sums = rebuilt.sums();
        return new RebuildView(rebuilt.account(), rebuilt.fields(), rebuilt.lots(), rebuilt.holds(),
                Credits.decimal(sums.granted()), Credits.decimal(sums.spent()), Credits.decimal(sums.held()),
                Credits.decimal(sums.debt()), Credits.decimal(sums.pool()));
    }
}
