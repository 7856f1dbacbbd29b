package io.tally.report;

import java.util.Arrays;

import io.tally.ledger.CreditCategory;
import io.tally.platform.Labels;
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
    /** The credit category of the service ({@link CreditCategory}). */
    CATEGORY(categoryOfService(), "category");

    final String column;
    final String parameter;

    Dimension(String column, String parameter) {
        this.column = column;
        this.parameter = parameter;
    }

    /** The SQL that names a stored service's credit category, from the one mapping. */
    static String categoryOfService() {
        var sql = new StringBuilder("CASE service");
        for (var category : CreditCategory.values()) {
            for (var service : category.services()) {
                sql.append(" WHEN '").append(service.name()).append("' THEN '").append(Labels.of(category))
                        .append('\'');
            }
        }
        return sql.append(" ELSE '' END").toString();
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
