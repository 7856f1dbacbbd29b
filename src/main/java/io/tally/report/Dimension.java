package io.tally.report;

import java.util.Arrays;

import io.tally.platform.Refusal;

/** What a report may group or break down by: a key column of the daily rollups, and its name in the API. */
enum Dimension {
    SERVICE("service", "service"),
    DIRECTION("direction", "direction"),
    PRODUCT("product", "product"),
    COUNTRY("country", "country"),
    CITY("city", "city"),
    SUB_ACCOUNT("sub_account", "subAccount"),
    NUMBER("number", "number"),
    USER("user_id", "user"),
    /**
     * The service's category in the catalogue ({@code services}, read in the same statement: an operator's new
     * service is grouped by the category it was given); {@code other} for a service it does not hold.
     */
    CATEGORY("coalesce((SELECT s.category FROM services s WHERE s.id = usage_daily.service), 'other')", "category");

    final String column;
    final String parameter;

    Dimension(String column, String parameter) {
        this.column = column;
        this.parameter = parameter;
    }

    static Dimension named(String field, String value) {
        for (var dimension : values()) {
            if (dimension.parameter.equals(value)) {
                return dimension;
            }
        }
        throw Refusal.invalid(field, field + ": one of "
                + Arrays.stream(values()).map(d -> d.parameter).toList());
    }
}
