package io.tally.history;

import java.util.function.Function;

/**
 * A column of an export: its header and how a row gives its cell. A cell is text ({@code String}), a number
 * ({@code BigDecimal}, {@code Long}, {@code Integer}), a time ({@code Instant}), a {@code Boolean}, or null (empty).
 */
record Column<T>(String header, Function<T, Object> cell) {
}
