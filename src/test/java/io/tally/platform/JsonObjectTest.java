package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** {@link JsonObject} must write what Jackson writes for the same members, character for character. */
class JsonObjectTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void writesMembersInOrderAndLeavesOutNulls() {
        var json = new JsonObject().put("b", "x").put("a", 7).put("none", (String) null).putRaw("m", "{\"k\":[1]}")
                .putRaw("gone", null).toString();
        assertThat(json).isEqualTo("{\"b\":\"x\",\"a\":7,\"m\":{\"k\":[1]}}");
        assertThat(new JsonObject().toString()).isEqualTo("{}");
    }

    @Test
    void toStringLeavesTheObjectOpenForMoreMembers() {
        var json = new JsonObject().put("a", 1);
        assertThat(json.toString()).isEqualTo("{\"a\":1}");
        assertThat(json.toString()).isEqualTo("{\"a\":1}");
        assertThat(json.put("b", "x").toString()).isEqualTo("{\"a\":1,\"b\":\"x\"}");
    }

    @Test
    void everyCharacterIsWrittenAsJacksonWritesIt() throws Exception {
        var all = new StringBuilder();
        for (char c = 0; c < 0x800; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029\ud83d\ude00\ud800 end \uffff");
        assertSameAsJackson(Map.of("text", all.toString()));
    }

    @Test
    void randomMembersAreWrittenAsJacksonWritesThem() throws Exception {
        var random = new SplittableRandom(7);
        for (int round = 0; round < 2_000; round++) {
            var members = new LinkedHashMap<String, Object>();
            int count = random.nextInt(0, 8);
            for (int i = 0; i < count; i++) {
                var name = text(random, 1 + random.nextInt(12));
                members.put(name, random.nextBoolean() ? text(random, random.nextInt(40)) : random.nextLong());
            }
            assertSameAsJackson(members);
        }
    }

    private static String text(SplittableRandom random, int length) {
        var text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(4);
            text.append((char) (kind == 0 ? random.nextInt(0x20)
                    : kind == 1 ? random.nextInt(0x20, 0x7F)
                            : kind == 2 ? '"' + random.nextInt(2) * ('\\' - '"') : random.nextInt(0x80, 0xFFFF)));
        }
        return text.toString();
    }

    private static void assertSameAsJackson(Map<String, Object> members) throws Exception {
        var ours = new JsonObject();
        members.forEach((name, value) -> {
            if (value instanceof Long number) {
                ours.put(name, number);
            } else {
                ours.put(name, (String) value);
            }
        });
        assertThat(ours.toString()).isEqualTo(JACKSON.writeValueAsString(members));
    }
}
