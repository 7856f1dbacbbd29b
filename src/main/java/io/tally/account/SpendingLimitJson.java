package io.tally.account;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.tally.platform.Refusal;

/**
 * Reads an account's {@code spendingLimit} so that null is told from absent: {@code null} is
 * {@link AccountRequest.SpendingLimitBody#REMOVE} (the limit goes), an absent member stays null (the limit stays), an
 * object is {@code {amount, period}} (strings or a number for the amount; another member is a 400 naming it).
 */
@Singleton
class SpendingLimitJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("spending-limit")
                .addDeserializer(AccountRequest.SpendingLimitBody.class, new Reader()));
    }

    static final class Reader extends JsonDeserializer<AccountRequest.SpendingLimitBody> {
        @Override
        public AccountRequest.SpendingLimitBody deserialize(JsonParser parser, DeserializationContext context)
                throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw Refusal.invalid("spendingLimit", "spendingLimit: {amount, period}, or null");
            }
            String amount = null;
            String period = null;
            for (var name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                var token = parser.nextToken();
                var value = token == JsonToken.VALUE_NULL ? null
                        : token.isScalarValue() ? parser.getText() : null;
                if (token.isStructStart()) {
                    parser.skipChildren();
                }
                switch (name) {
                    case "amount" -> amount = value;
                    case "period" -> period = value;
                    default -> throw Refusal.invalid("spendingLimit." + name,
                            "spendingLimit." + name + ": not a member of the limit (amount, period)");
                }
            }
            return new AccountRequest.SpendingLimitBody(amount, period);
        }

        @Override
        public AccountRequest.SpendingLimitBody getNullValue(DeserializationContext context) {
            return AccountRequest.SpendingLimitBody.REMOVE;
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }
    }
}
