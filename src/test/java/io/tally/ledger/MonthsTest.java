package io.tally.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The period check is a loop; it must accept exactly what the pattern it replaced accepted. */
class MonthsTest {
    private static final Pattern PERIOD = Pattern
            .compile("\\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?|\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])");

    @Test
    void acceptsWhatThePatternAccepts() {
        var samples = new ArrayList<String>();
        for (var year : new String[] { "2026", "0000", "999", "20a6", "20266" }) {
            samples.add(year);
            samples.add(year + "-");
            for (int a = 0; a <= 9; a++) {
                for (int b = 0; b <= 9; b++) {
                    var two = "" + a + b;
                    samples.add(year + "-" + two);
                    samples.add(year + "-W" + two);
                    samples.add(year + "-W" + two + "x");
                    samples.add(year + "-" + two + "-");
                    samples.add(year + "-" + two + "-" + two);
                    samples.add(year + "-01-" + two);
                    samples.add(year + "-12-" + two + "1");
                    samples.add(year + "-" + a);
                }
            }
            for (var odd : new String[] { "-W", "-W5", "-W1a", "-1a", "-a1", "-01-1", "-01-3a", "-01x01", "-w01",
                    "-01-01-", "-W01-01", " -01", "-01 " }) {
                samples.add(year + odd);
            }
        }
        samples.add("");
        samples.add("2026-０1");
        for (var s : samples) {
            assertThat(Months.isPeriod(s)).as(s).isEqualTo(PERIOD.matcher(s).matches());
        }
        assertThat(samples.stream().filter(Months::isPeriod)).hasSizeGreaterThan(200);
    }

    @Test
    void refusesWhatIsNotAPeriod() {
        assertThat(Months.require("2026-12-31")).isEqualTo("2026-12-31");
        assertThatThrownBy(() -> Months.require("2026-13")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-13");
    }
}
