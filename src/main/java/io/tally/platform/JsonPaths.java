package io.tally.platform;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
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

    /**
     * The path of the key that a body repeats ({@link StrictJson}), when that is why it was refused. The parser
     * stops at the second occurrence, so its context still points at the repeated key.
     */
    static Optional<String> repeatedKey(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException read && read.getProcessor() != null
                    && read.getOriginalMessage() != null && read.getOriginalMessage().startsWith(StrictJson.DUPLICATE)) {
                return Optional.of(of(read.getProcessor().getParsingContext()));
            }
        }
        return Optional.empty();
    }

    /** The path of a place in the body being parsed, from the root down. */
    static String of(JsonStreamContext context) {
        var levels = new ArrayDeque<JsonStreamContext>();
        for (var level = context; level != null && !level.inRoot(); level = level.getParent()) {
            levels.push(level);
        }
        var field = new StringBuilder();
        for (var level : levels) {
            if (level.inArray()) {
                field.append('[').append(level.getCurrentIndex()).append(']');
            } else if (level.getCurrentName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(level.getCurrentName());
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
        if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
            return "a whole number";
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
