package io.tally.platform;

import java.util.List;

/** Checks of request fields at the HTTP edge; each failure is a 400 problem naming the field. */
public final class Fields {
    private Fields() {
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw Refusal.invalid(field, field + ": required");
        }
        return value;
    }

    public static String text(String field, String value, int maxLength) {
        required(field, value);
        if (value.isBlank()) {
            throw Refusal.invalid(field, field + ": must not be blank");
        }
        return optionalText(field, value, maxLength);
    }

    public static String optionalText(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw Refusal.invalid(field, field + ": at most " + maxLength + " characters");
        }
        return value;
    }

    /** Identifiers of accounts, sub-accounts and the like: 1-64 of a-z, 0-9, '-' and '_', not starting with those two. */
    public static String id(String field, String value) {
        required(field, value);
        if (!isId(value)) {
            throw Refusal.invalid(field,
                    field + ": 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
        }
        return value;
    }

    /** {@code [a-z0-9][a-z0-9_-]{0,63}}, checked by a loop (this runs on every request). */
    private static boolean isId(String value) {
        if (value.isEmpty() || value.length() > 64 || value.charAt(0) == '_' || value.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public static List<String> ids(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            id(field + "[" + i + "]", values.get(i));
        }
        return values.stream().distinct().toList();
    }

    public static <T> T body(T body) {
        if (body == null) {
            throw Refusal.invalid(null, "a JSON body is required");
        }
        return body;
    }

    /** An optional single line of text: when present, not blank and without control characters (line breaks). */
    public static String optionalLine(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw Refusal.invalid(field, field + ": must not be blank");
        }
        if (hasControl(value)) {
            throw Refusal.invalid(field, field + ": must be one line, without control characters");
        }
        return optionalText(field, value, maxLength);
    }

    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
