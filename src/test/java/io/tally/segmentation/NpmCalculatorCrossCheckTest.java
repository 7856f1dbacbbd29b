package io.tally.segmentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Compares our grapheme-safe mode with the npm sms-segments-calculator (Twilio's), whose answers
 * load-tests/segmentation/crosscheck.js recorded. Both split on grapheme clusters and use 6-octet
 * headers; they differ on CRLF (the calculator may split it) and on emoji newer than its Unicode
 * data, which the recorded texts avoid. Without smart encoding on either side.
 */
class NpmCalculatorCrossCheckTest {

    record Recorded(String text, String encoding, int segments, int characters) {
        @Override
        public String toString() {
            return text.length() > 40 ? text.substring(0, 40) + "... (" + text.length() + " chars)" : text;
        }
    }

    static Stream<Recorded> recorded() throws IOException {
        try (InputStream json = NpmCalculatorCrossCheckTest.class.getResourceAsStream("npm-calculator-results.json")) {
            List<Recorded> recorded = new ArrayList<>();
            for (JsonNode result : new ObjectMapper().readTree(json).get("results")) {
                recorded.add(new Recorded(result.get("text").asText(), result.get("encoding").asText(),
                        result.get("segments").asInt(), result.get("characters").asInt()));
            }
            return recorded.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recorded")
    void agreesWithTheNpmCalculatorOnEncodingAndSegments(Recorded recorded) {
        SegmentCount count = Segmenter.count(recorded.text(), SegmentationOptions.DEFAULT.withGraphemeSafe(true));
        assertThat(count.encoding().label()).isEqualTo(recorded.encoding());
        assertThat(count.segments()).isEqualTo(recorded.segments());
        if (count.encoding() == Encoding.GSM_7) {
            assertThat(count.units()).isEqualTo(recorded.characters());
        }
    }
}
