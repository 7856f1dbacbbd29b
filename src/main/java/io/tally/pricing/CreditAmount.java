package io.tally.pricing;

/**
 * A non-negative credit amount in a request or response body. Read from a JSON number ({@code 0.045}) or string
 * ({@code "0.045"}) through its exact text ({@link Credits#parse}), never through a double; written as a JSON
 * number with at most 6 decimals ({@code 0.045}, {@code 2}). A refused amount is a 400 naming the field.
 * JSON and OpenAPI know it through {@link CreditAmountJson} and {@code mp.openapi.schema.*}.
 */
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
}
