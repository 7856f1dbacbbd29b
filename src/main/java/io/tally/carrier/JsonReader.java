package io.tally.carrier;

import java.util.Map;

import io.tally.platform.Refusal;

/**
 * Reads JSON into maps, lists, strings, numbers and booleans, so that the adapters stay framework-free
 * ({@code CarrierJson} is the application's).
 */
@FunctionalInterface
public interface JsonReader {
    /** @throws Refusal naming {@code body} when the bytes are not one JSON value */
    Object value(byte[] json);

    /** @throws Refusal naming {@code body} when the bytes are not one JSON object */
    @SuppressWarnings("unchecked")
    default Map<String, Object> read(byte[] json) {
        if (value(json) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw Refusal.invalid("body", "body: a JSON object");
    }
}
