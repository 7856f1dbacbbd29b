package io.tally.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tally.platform.InvalidValue;

class CreditAmountTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(CreditAmountJson.module());

    record Row(String name, CreditAmount rate) {
    }

    record Body(List<Row> rows) {
    }

    private static long read(String rate) throws Exception {
        return JSON.readValue("{\"rows\":[{\"name\":\"a\",\"rate\":" + rate + "}]}", Body.class).rows().get(0).rate()
                .micros();
    }

    @ParameterizedTest(name = "{0} -> {1} micro-credits")
    @CsvSource(delimiter = '|', value = {
            "0.1 | 100000",
            "\"0.1\" | 100000",
            "8.2 | 8200000",
            "1.005 | 1005000",
            "0.000001 | 1",
            "\"0.000001\" | 1",
            "2 | 2000000",
            "0 | 0",
            "999999999.999999 | 999999999999999",
            "1000000000 | 1000000000000000" })
    void readsNumbersAndStringsExactly(String json, long micros) throws Exception {
        assertThat(read(json)).isEqualTo(micros);
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "1e-7 | a plain decimal such as 1000 (no exponent)",
            "1.5E-3 | a plain decimal such as 1000 (no exponent)",
            "\"1e3\" | a plain decimal such as 1000 (no exponent)",
            "0.0000001 | at most 6 decimal places (1 micro-credit)",
            "\"0.0000001\" | at most 6 decimal places (1 micro-credit)",
            "-1 | must not be negative",
            "1000000000.000001 | at most 1000000000 credits",
            "\"NaN\" | not a decimal number such as 0.045",
            "\"\" | not a decimal number such as 0.045",
            "true | not a decimal number such as 0.045",
            "[1] | not a decimal number such as 0.045",
            "{\"micros\": 1} | not a decimal number such as 0.045" })
    void refusesNamingTheFieldAndTheReason(String json, String reason) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOfSatisfying(JsonMappingException.class, e -> {
                    assertThat(e.getPath()).extracting(JsonMappingException.Reference::getFieldName)
                            .containsExactly("rows", null, "rate");
                    assertThat(e.getPath().get(1).getIndex()).isZero();
                })
                .hasRootCauseInstanceOf(InvalidValue.class)
                .rootCause().hasMessage(reason);
    }

    @Test
    void aNullAmountIsLeftToTheRequestToRefuse() throws Exception {
        var body = JSON.readValue("{\"rows\":[{\"name\":\"a\",\"rate\":null}]}", Body.class);
        assertThat(body.rows().get(0).rate()).isNull();
    }

    @ParameterizedTest(name = "{0} micro-credits -> {1}")
    @CsvSource(delimiter = '|', value = {
            "100000 | {\"name\":\"a\",\"rate\":0.1}",
            "45000 | {\"name\":\"a\",\"rate\":0.045}",
            "2000000 | {\"name\":\"a\",\"rate\":2}",
            "0 | {\"name\":\"a\",\"rate\":0}",
            "1 | {\"name\":\"a\",\"rate\":0.000001}",
            "1000000000000000 | {\"name\":\"a\",\"rate\":1000000000}" })
    void writesAJsonNumberWithAtMostSixDecimals(long micros, String json) throws Exception {
        assertThat(JSON.writeValueAsString(new Row("a", new CreditAmount(micros)))).isEqualTo(json);
    }
}
