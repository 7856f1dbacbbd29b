package io.tally.platform;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read strictly, so that no two readers of a body can see different values in it: a key given
 * twice in an object, anything after the JSON value, and a fraction where a whole number belongs are refused (a
 * 400 naming the field, {@link ProblemMapper}) instead of keeping the last value, ignoring the rest or cutting the
 * fraction off. Unknown fields are refused too ({@code quarkus.jackson.fail-on-unknown-properties}). This is the
 * application's one {@link ObjectMapper}: what else it reads (the event details the usage writer reads back) Tally
 * wrote itself, in this form.
 */
@Singleton
class StrictJson implements ObjectMapperCustomizer {
    /** What {@link com.fasterxml.jackson.core.json.JsonReadContext} says of a repeated key, followed by the key. */
    static final String DUPLICATE = "Duplicate field '";

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    static ObjectMapper apply(ObjectMapper mapper) {
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        return mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
