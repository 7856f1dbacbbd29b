package io.tally.usage;

import java.lang.reflect.Array;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns a batch writes into one table, each declared once: its name, its PostgreSQL type and the value of a row.
 * The {@code INSERT … SELECT FROM unnest(…)} statement and its parameters (one array per column, in the same order)
 * are both derived from this list, so that a column's name, its type and its value can never drift apart (two
 * same-typed columns swapped would compile and write wrong data). Types: text, timestamptz, bigint, int, boolean;
 * jsonb and arrays travel as text and are converted in the SELECT.
 */
public final class Columns<R> {
    private final List<Column<R>> columns;

    private Columns(List<Column<R>> columns) {
        this.columns = List.copyOf(columns);
    }

    /** A column: its name, the PostgreSQL type of its parameter array, the SELECT expression, and its value. */
    private record Column<R>(String name, String type, Class<?> javaType, String expression,
            Function<R, ?> value) {
    }

    public static <R> Columns<R> of(Function<Builder<R>, Builder<R>> declare) {
        return new Columns<>(declare.apply(new Builder<>()).columns);
    }

    /** The column names, comma-separated, in order. */
    public String names() {
        return columns.stream().map(Column::name).collect(Collectors.joining(", "));
    }

    /** {@code unnest($1::text[], …) AS alias(names)}: the rows of the parameter arrays. */
    public String unnest(String alias) {
        var arrays = new ArrayList<String>();
        for (int i = 0; i < columns.size(); i++) {
            arrays.add("$" + (i + 1) + "::" + columns.get(i).type() + "[]");
        }
        return "unnest(" + String.join(", ", arrays) + ") AS " + alias + "(" + names() + ")";
    }

    /** The SELECT list that turns an unnested row {@code alias} into the table's columns. */
    public String selects(String alias) {
        return columns.stream().map(c -> c.expression().replace("%s", alias + "." + c.name()))
                .collect(Collectors.joining(", "));
    }

    /** {@code INSERT INTO table (names) SELECT … FROM unnest(…)}; the caller appends its ON CONFLICT clause. */
    public String insert(String table) {
        return "INSERT INTO " + table + " (" + names() + ")\nSELECT " + selects("u") + "\nFROM " + unnest("u");
    }

    /** One typed array per column, in order: the statement's parameters. */
    public List<Object> arrays(List<R> rows) {
        var arrays = new ArrayList<Object>(columns.size());
        for (var column : columns) {
            var array = (Object[]) Array.newInstance(column.javaType(), rows.size());
            for (int i = 0; i < array.length; i++) {
                array[i] = column.value().apply(rows.get(i));
            }
            arrays.add(array);
        }
        return arrays;
    }

    public int size() {
        return columns.size();
    }

    /** Declares the columns in table order. */
    public static final class Builder<R> {
        private final List<Column<R>> columns = new ArrayList<>();

        private Builder<R> add(String name, String type, Class<?> javaType, String expression, Function<R, ?> value) {
            if (columns.stream().anyMatch(c -> c.name().equals(name))) {
                throw new IllegalArgumentException("column " + name + " declared twice");
            }
            columns.add(new Column<>(name, type, javaType, expression, value));
            return this;
        }

        public Builder<R> text(String name, Function<R, String> value) {
            return add(name, "text", String.class, "%s", value);
        }

        public Builder<R> time(String name, Function<R, Instant> value) {
            return add(name, "timestamptz", OffsetDateTime.class, "%s", row -> {
                var instant = value.apply(row);
                return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
            });
        }

        public Builder<R> bigint(String name, Function<R, Long> value) {
            return add(name, "bigint", Long.class, "%s", value);
        }

        public Builder<R> integer(String name, Function<R, Integer> value) {
            return add(name, "int", Integer.class, "%s", value);
        }

        public Builder<R> bool(String name, Function<R, Boolean> value) {
            return add(name, "boolean", Boolean.class, "%s", value);
        }

        /** A jsonb column from its text. */
        public Builder<R> json(String name, Function<R, String> value) {
            return add(name, "text", String.class, "%s::jsonb", value);
        }

        /** A text[] column (its items must not contain commas). */
        public Builder<R> textList(String name, Function<R, List<String>> value) {
            return add(name, "text", String.class, "string_to_array(%s, ',')",
                    row -> String.join(",", value.apply(row)));
        }

        /** A bigint[] column. */
        public Builder<R> bigintList(String name, Function<R, List<Long>> value) {
            return add(name, "text", String.class, "string_to_array(%s, ',')::bigint[]",
                    row -> value.apply(row).stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
    }
}
