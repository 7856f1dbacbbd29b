package io.tally.platform;

import java.util.Collection;
import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException.Reference;

/** Turns Jackson's reference path into the field name a client sent, e.g. {@code options.languages[1]}. */
final class JsonPaths {
    private JsonPaths() {
    }

    static String of(List<Reference> path) {
        var field = new StringBuilder();
        for (var reference : path) {
            if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    static String describe(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
