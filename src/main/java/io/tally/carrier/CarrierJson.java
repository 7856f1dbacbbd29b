package io.tally.carrier;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tally.platform.Refusal;

/** The adapters' {@link JsonReader}: Jackson, lenient about fields (carriers add them), strict about syntax. */
public final class CarrierJson implements JsonReader {
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @Override
    public Object value(byte[] json) {
        try {
            var value = mapper.readValue(json, Object.class);
            if (value == null) {
                throw Refusal.invalid("body", "body: a JSON value");
            }
            return value;
        } catch (IOException e) {
            throw Refusal.invalid("body", "body: not a JSON object");
        }
    }
}
