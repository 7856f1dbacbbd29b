package io.tally.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The export's time text is the JDK formatter's, byte for byte: zones, DST changes, fractions, far years. */
class TimeTextTest {
    private static final List<String> ZONES = List.of("Europe/Rome", "Pacific/Auckland", "America/Los_Angeles",
            "Asia/Kolkata", "UTC", "Z", "+05:30", "-09:30", "+01:00:30", "Pacific/Chatham", "America/St_Johns");

    @ParameterizedTest(name = "{0} in {1} is {2}")
    @CsvSource({
            "2026-03-29T00:59:59Z, Europe/Rome, 2026-03-29T01:59:59+01:00",
            "2026-03-29T01:00:00.123456Z, Europe/Rome, 2026-03-29T03:00:00.123456+02:00",
            "2026-10-25T00:30:00Z, Europe/Rome, 2026-10-25T02:30:00+02:00",
            "2026-10-25T01:30:00Z, Europe/Rome, 2026-10-25T02:30:00+01:00",
            "2026-03-10T20:00:00.5Z, Pacific/Auckland, 2026-03-11T09:00:00.5+13:00",
            "1969-12-31T23:59:59.000000001Z, UTC, 1969-12-31T23:59:59.000000001Z",
            "0001-01-01T00:00:00Z, +05:30, 0001-01-01T05:30:00+05:30" })
    void writesWhatTheFormatterWrites(String at, String zone, String text) {
        assertThat(new TimeText(ZoneId.of(zone)).format(Instant.parse(at))).isEqualTo(text);
    }

    @Test
    void randomInstantsInEveryZoneReadAsTheFormatterWritesThem() {
        var random = new Random(20261201);
        for (var zoneId : ZONES) {
            var zone = ZoneId.of(zoneId);
            var text = new TimeText(zone);
            for (int i = 0; i < 20_000; i++) {
                long second = random.nextInt(4) == 0 ? random.nextLong(-70_000_000_000L, 260_000_000_000L)
                        : random.nextLong(1_700_000_000L, 1_900_000_000L);
                int nano = switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> random.nextInt(1_000_000) * 1_000;
                    case 2 -> random.nextInt(1000) * 1_000_000;
                    default -> random.nextInt(1_000_000_000);
                };
                var at = Instant.ofEpochSecond(second, nano);
                assertThat(text.format(at)).as("%s in %s", at, zoneId)
                        .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone).toOffsetDateTime()));
            }
        }
    }

    /** Instants second by second across DST changes, newest first and oldest first (one writer remembers offsets). */
    @Test
    void consecutiveInstantsAcrossDstChangesReadAsTheFormatterWritesThem() {
        for (var zoneId : List.of("Europe/Rome", "Pacific/Auckland", "America/Los_Angeles")) {
            var zone = ZoneId.of(zoneId);
            var text = new TimeText(zone);
            var transition = zone.getRules().nextTransition(Instant.parse("2026-01-01T00:00:00Z"));
            for (int t = 0; t < 3; t++) {
                long change = transition.getInstant().getEpochSecond();
                for (int direction : new int[] { -1, 1 }) {
                    for (long s = -3_600; s <= 3_600; s++) {
                        long second = change + direction * s;
                        for (int nano : new int[] { 0, 999_999_999 }) {
                            var at = Instant.ofEpochSecond(second, nano);
                            assertThat(text.format(at)).as("%s in %s", at, zoneId).isEqualTo(
                                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone).toOffsetDateTime()));
                        }
                    }
                }
                transition = zone.getRules().nextTransition(transition.getInstant());
            }
        }
    }
}
