package io.tally.history;

import java.util.List;

/** One page of a history listing; {@code next} continues it (the {@code cursor} parameter), null on the last page. */
public record HistoryPage<T>(List<T> items, String next) {
}
