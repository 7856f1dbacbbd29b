package io.tally.pricing;

import java.io.IOException;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.tally.platform.InvalidValue;

/**
 * A non-negative credit amount in a request or response body. Read from a JSON number ({@code 0.045}) or string
 * ({@code "0.045"}) through its exact text ({@link Credits#parse}), never through a double; written as a JSON
 * number with at most 6 decimals ({@code 0.045}, {@code 2}). A refused amount is a 400 naming the field.
 */
@JsonDeserialize(using = CreditAmount.Reader.class)
@JsonSerialize(using = CreditAmount.Writer.class)
@Schema(type = SchemaType.NUMBER, example = "0.045", description = "Credits, at most 6 decimals, 0 to 1000000000; requests may also send the number as a string")
public record CreditAmount(long micros) {
    public CreditAmount {
        if (micros < 0 || micros > Credits.MAX_MICROS) {
            throw new IllegalArgumentException("credit amount out of range: " + micros);
        }
    }

    @Override
    public String toString() {
        return Credits.format(micros);
    }

    /** Reads the token's text as written: {@code getText()} of a number token is its source text. */
    public static final class Reader extends StdDeserializer<CreditAmount> {
        private static final long serialVersionUID = 1L;

        public Reader() {
            super(CreditAmount.class);
        }

        @Override
        public CreditAmount deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            var token = parser.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT
                    && token != JsonToken.VALUE_STRING) {
                throw new InvalidValue(Credits.NOT_A_NUMBER);
            }
            var parsed = Credits.parse(parser.getText());
            if (parsed instanceof Credits.Parsed.Invalid invalid) {
                throw new InvalidValue(invalid.reason());
            }
            return new CreditAmount(((Credits.Parsed.Valid) parsed).micros());
        }
    }

    /** Writes the plain decimal as a JSON number token, so no double ever holds it. */
    public static final class Writer extends StdSerializer<CreditAmount> {
        private static final long serialVersionUID = 1L;

        public Writer() {
            super(CreditAmount.class);
        }

        @Override
        public void serialize(CreditAmount amount, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeNumber(Credits.format(amount.micros()));
        }
    }
}
