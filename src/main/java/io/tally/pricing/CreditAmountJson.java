package io.tally.pricing;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.tally.platform.InvalidValue;

/** How {@link CreditAmount} is read from and written to JSON: registered on the application's object mapper. */
@Singleton
public class CreditAmountJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    public static SimpleModule module() {
        return new SimpleModule("credit-amount")
                .addDeserializer(CreditAmount.class, new Reader())
                .addSerializer(CreditAmount.class, new Writer());
    }

    /** Reads the token's text as written: {@code getText()} of a number token is its source text. */
    static final class Reader extends StdDeserializer<CreditAmount> {
        private static final long serialVersionUID = 1L;

        Reader() {
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
    static final class Writer extends StdSerializer<CreditAmount> {
        private static final long serialVersionUID = 1L;

        Writer() {
            super(CreditAmount.class);
        }

        @Override
        public void serialize(CreditAmount amount, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeNumber(Credits.format(amount.micros()));
        }
    }
}
