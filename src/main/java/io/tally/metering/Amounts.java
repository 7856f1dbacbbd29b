package io.tally.metering;

import io.tally.platform.Fields;
import io.tally.platform.Refusal;
import io.tally.pricing.Credits;

/** Credit amounts of requests: exact decimal text into micro-credits, or a 400 naming the field. */
final class Amounts {
    private Amounts() {
    }

    static long positive(String field, String text) {
        long micros = read(field, Credits.parse(Fields.required(field, text)));
        if (micros == 0) {
            throw Refusal.invalid(field, field + ": must be more than 0");
        }
        return micros;
    }

    static long nonZeroSigned(String field, String text) {
        long micros = read(field, Credits.parseSigned(Fields.required(field, text)));
        if (micros == 0) {
            throw Refusal.invalid(field, field + ": must not be 0");
        }
        return micros;
    }

    private static long read(String field, Credits.Parsed parsed) {
        if (parsed instanceof Credits.Parsed.Invalid invalid) {
            throw Refusal.invalid(field, field + ": " + invalid.reason());
        }
        return ((Credits.Parsed.Valid) parsed).micros();
    }
}
