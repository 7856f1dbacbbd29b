package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the strict reader refuses, and the field a refusal names. */
class StrictJsonTest {
    private static final ObjectMapper JSON = StrictJson.apply(new ObjectMapper());

    record Row(String name, Long units, String amount) {
    }

    record Body(String id, Row row, List<Row> rows, Map<String, Object> metadata) {
    }

    @ParameterizedTest(name = "{0} repeats {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'id':'a','id':'b'} | id",
            "{'id':'a','row':{'name':'n','units':1,'amount':'1','amount':'1000'}} | row.amount",
            "{'rows':[{'units':1},{'units':1,'units':2}]} | rows[1].units",
            "{'rows':[],'rows':[]} | rows",
            "{'metadata':{'a':{'b':1,'b':2}}} | metadata.a.b",
            "{'metadata':{'list':[1,{'x':1,'x':1}]}} | metadata.list[1].x" })
    void aRepeatedKeyIsRefusedNamingItsPath(String body, String path) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(JsonProcessingException.class,
                        e -> assertThat(JsonPaths.repeatedKey(e)).contains(path));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'id':'a'} {'id':'b'}",
            "{'id':'a'} x",
            "{'id':'a'} 1",
            "{'id':'a'}[]" })
    void dataAfterTheValueIsRefused(String body) {
        assertThatThrownBy(() -> read(body))
                .isInstanceOfSatisfying(JsonProcessingException.class,
                        e -> assertThat(JsonPaths.repeatedKey(e)).isEmpty());
    }

    @ParameterizedTest(name = "units {0}")
    @CsvSource(quoteCharacter = '"', value = { "1.9", "2.0", "1e2", "'1.9'" })
    void aFractionIsNotAWholeNumber(String units) {
        assertThatThrownBy(() -> read("{'row':{'units':" + units + "}}"))
                .isInstanceOfSatisfying(JsonMappingException.class,
                        e -> assertThat(JsonPaths.of(e.getPath())).isEqualTo("row.units"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "{'row':{'units':2}} ",
            "{'row':{'units':'2'}}",
            "{'id':'a','metadata':{'a':1,'b':{'a':2}}}",
            "{'rows':[{'units':1},{'units':1}]}" })
    void distinctKeysAndWholeNumbersAreRead(String body) throws Exception {
        assertThat(read(body)).isNotNull();
    }

    private static Body read(String body) throws JsonProcessingException {
        return JSON.readValue(body.replace('\'', '"'), Body.class);
    }
}
