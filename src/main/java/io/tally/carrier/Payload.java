package io.tally.carrier;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.tally.platform.Refusal;

/**
 * A carrier's JSON object read by path ({@code data.payload.to.0.phone_number}): each getter answers null for an
 * absent value and refuses a value of the wrong kind as a 400 naming the path.
 */
final class Payload {
    private final Map<String, Object> root;

    Payload(Map<String, Object> root) {
        this.root = root;
    }

    Object value(String path) {
        Object current = root;
        for (var step : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(step);
                current = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return current;
    }

    /** Text, or a number written as text (carriers mix both). */
    String text(String path) {
        var value = value(path);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw Refusal.invalid(path, path + ": expected text");
    }

    String required(String path) {
        var value = text(path);
        if (value == null || value.isBlank()) {
            throw Refusal.invalid(path, path + ": required");
        }
        return value;
    }

    /** A whole number, sent as a number or as text. */
    Integer integer(String path) {
        return Payload.integer(path, text(path));
    }

    static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.trim()).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw Refusal.invalid(field, field + ": expected a whole number");
        }
    }

    Instant instant(String path) {
        return Payload.instant(path, text(path));
    }

    /** An ISO-8601 instant with an offset or {@code Z}; null when absent. */
    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw Refusal.invalid(field, field + ": expected an ISO-8601 time with an offset");
        }
    }

    List<?> list(String path) {
        var value = value(path);
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list;
        }
        throw Refusal.invalid(path, path + ": expected a list");
    }

    /** A number as the carriers write it: {@code +} and digits, or digits alone (E.164 without its plus). */
    static String number(String raw) {
        if (raw == null) {
            return null;
        }
        var trimmed = raw.trim();
        return !trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit) && trimmed.length() >= 7
                ? "+" + trimmed
                : trimmed;
    }
}
