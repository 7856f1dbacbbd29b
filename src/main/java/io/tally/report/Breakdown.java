package io.tally.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * Rollups summed per key over a range, each with its share of the credits charged (0 to 1, four decimals; 0 when
 * nothing was charged), largest first. The key is null for records without that dimension (no product, no user…).
 */
final class Breakdown {
    private Breakdown() {
    }

    record Item(String key, Totals totals, BigDecimal share) {
    }

    static List<Item> of(List<DayRow> rows) {
        var sums = new HashMap<String, Totals>();
        var total = Totals.ZERO;
        for (var row : rows) {
            sums.merge(row.key() == null ? "" : row.key(), row.totals(), Totals::plus);
            total = total.plus(row.totals());
        }
        long all = total.credits();
        var items = new ArrayList<Item>();
        sums.forEach((key, totals) -> items.add(new Item(key.isEmpty() ? null : key, totals, all == 0
                ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(totals.credits()).divide(BigDecimal.valueOf(all), 4, RoundingMode.HALF_EVEN))));
        items.sort(Comparator.comparingLong((Item item) -> -item.totals().credits())
                .thenComparingLong(item -> -item.totals().records())
                .thenComparing(Item::key, Comparator.nullsLast(Comparator.naturalOrder())));
        return items;
    }

    static Totals total(List<Item> items) {
        return items.stream().map(Item::totals).reduce(Totals.ZERO, Totals::plus);
    }
}
