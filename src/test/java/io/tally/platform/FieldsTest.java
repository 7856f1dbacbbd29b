package io.tally.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** {@link Fields#id}'s loop accepts exactly what its pattern names. */
class FieldsTest {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    @Test
    void anIdIsWhatThePatternAccepts() {
        var cases = new ArrayList<>(List.of("", "a", "0", "-a", "_a", "a-", "a_", "A", "aB", "a.b", "a b", "ä",
                "a".repeat(64), "a".repeat(65), "9" + "-".repeat(63), "9" + "_".repeat(64), "acme-eu_1"));
        var random = new SplittableRandom(11);
        var alphabet = "az09_-A.é/ \n";
        for (int i = 0; i < 5_000; i++) {
            var id = new StringBuilder();
            int length = random.nextInt(0, 67);
            for (int k = 0; k < length; k++) {
                id.append(random.nextInt(4) == 0 ? alphabet.charAt(random.nextInt(alphabet.length()))
                        : (char) ('a' + random.nextInt(26)));
            }
            cases.add(id.toString());
        }
        for (var id : cases) {
            if (ID.matcher(id).matches()) {
                assertThat(Fields.id("account", id)).as(id).isEqualTo(id);
            } else {
                assertThatThrownBy(() -> Fields.id("account", id)).as(id).isInstanceOf(Refusal.class);
            }
        }
        assertThatThrownBy(() -> Fields.id("account", null)).isInstanceOf(Refusal.class);
    }
}
