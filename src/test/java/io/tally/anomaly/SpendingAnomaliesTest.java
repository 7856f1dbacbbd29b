package io.tally.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpendingAnomaliesTest {
    private static final long CREDIT = 1_000_000;
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 30, 10, 0);
    private static final List<String> COUNTRIES = List.of("IT", "FR", "DE", "ES");

    /** An account's usual traffic: busy on weekday office hours, quiet at night and on Sundays, with noise. */
    private static long usual(LocalDateTime hour, Random random) {
        double level = hour.getDayOfWeek() == DayOfWeek.SUNDAY ? 5
                : hour.getDayOfWeek() == DayOfWeek.SATURDAY ? 30
                        : hour.getHour() >= 9 && hour.getHour() < 18 ? 400 : 20;
        return Math.round(level * CREDIT * (0.85 + 0.3 * random.nextDouble()));
    }

    /** Nine weeks of hourly usage up to (not including) {@link #NOW}, spread over countries and sub-accounts. */
    private static SpendSeries seasonal(long seed) {
        var random = new Random(seed);
        var series = new SpendSeries(ROME);
        for (var hour = NOW.minusWeeks(9); hour.isBefore(NOW.plusWeeks(1)); hour = hour.plusHours(1)) {
            long spend = usual(hour, random);
            for (int part = 0; part < 4; part++) {
                series.add(hour.atZone(ROME).toInstant().plusSeconds(60L * part), spend / 4,
                        Map.of(Dimension.DESTINATION, COUNTRIES.get(part), Dimension.SUB_ACCOUNT,
                                part % 2 == 0 ? "main" : "office", Dimension.SERVICE, "sms"));
            }
        }
        return series;
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({ "1", "2", "3", "42", "2026" })
    void ordinaryWeeklySeasonalityIsNeverFlagged(long seed) {
        var series = seasonal(seed);
        var flagged = new ArrayList<LocalDateTime>();
        for (var hour = NOW; hour.isBefore(NOW.plusWeeks(1)); hour = hour.plusHours(1)) {
            if (series.evaluate(hour, AnomalyRules.DEFAULT).isPresent()) {
                flagged.add(hour);
            }
        }
        assertThat(flagged).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({ "1", "2", "3", "42", "2026" })
    void aSpikeFromOneCountryIsDetectedAndNamed(long seed) {
        var series = seasonal(seed);
        var spike = NOW.plusHours(3);
        series.add(spike.atZone(ROME).toInstant().plusSeconds(1800), 412 * CREDIT,
                Map.of(Dimension.DESTINATION, "NG", Dimension.SUB_ACCOUNT, "promo", Dimension.SERVICE, "sms"));

        var flagged = new ArrayList<LocalDateTime>();
        for (var hour = NOW; hour.isBefore(NOW.plusWeeks(1)); hour = hour.plusHours(1)) {
            if (series.evaluate(hour, AnomalyRules.DEFAULT).isPresent()) {
                flagged.add(hour);
            }
        }
        assertThat(flagged).containsExactly(spike);
        var anomaly = series.evaluate(spike, AnomalyRules.DEFAULT).orElseThrow();
        assertThat(anomaly.robust()).isTrue();
        assertThat(anomaly.cause().dimension()).isEqualTo(Dimension.DESTINATION);
        assertThat(anomaly.cause().value()).isEqualTo("NG");
        assertThat(anomaly.cause().share()).isBetween(0.75, 1.0);
        assertThat(anomaly.via()).map(Anomaly.Cause::value).contains("promo");
        assertThat(anomaly.summary()).matches("\\+[0-9.]+ credits, [0-9]+ % from destination NG via sub-account promo");
    }

    @Test
    void theSameSpikeOnABusyMondayMorningIsNoise() {
        var series = seasonal(7);
        var busy = NOW; // Monday 10:00, about 400 credits an hour
        series.add(busy.atZone(ROME).toInstant(), 20 * CREDIT, Map.of(Dimension.DESTINATION, "NG"));

        assertThat(series.evaluate(busy, AnomalyRules.DEFAULT)).isEmpty();
    }

    @Test
    void theHourIsTheAccountsLocalHour() {
        var series = new SpendSeries(ZoneId.of("Asia/Tokyo"));
        var at = LocalDateTime.of(2026, 11, 30, 0, 30).atZone(ZoneId.of("UTC")).toInstant();

        assertThat(series.hourOf(at)).isEqualTo(LocalDateTime.of(2026, 11, 30, 9, 0));
    }

    private static List<HourSpend> weeks(long... credits) {
        var hours = new ArrayList<HourSpend>();
        for (long c : credits) {
            hours.add(HourSpend.empty().add(c * CREDIT, Map.of(Dimension.DESTINATION, "IT")));
        }
        return hours;
    }

    private static HourSpend hour(long credits) {
        return HourSpend.empty().add(credits * CREDIT, Map.of(Dimension.DESTINATION, "IT"));
    }

    @ParameterizedTest(name = "{0} after weeks of {1}: {2}")
    @CsvSource({
            // MAD = 0, mean absolute deviation > 0: it stands in
            "140, '100 100 100 100 160', false",
            "400, '100 100 100 100 160', true",
            // MAD = 0 and every week the same: any rise scores infinite, the floors decide
            "100, '100 100 100 100 100', false",
            "109, '100 100 100 100 100', false", // 9 credits: under the 10-credit floor
            "149, '100 100 100 100 100', false", // 49 %: under the 50 % floor
            "151, '100 100 100 100 100', true",
            // a quiet hour that was always empty
            "9, '0 0 0 0 0', false",
            "11, '0 0 0 0 0', true",
            // ordinary spread
            "130, '100 90 110 95 105 100', false",
            "200, '100 90 110 95 105 100', true",
            // a drop is never an anomaly
            "0, '100 90 110 95 105 100', false",
            // fewer than three weeks: three times the mean
            "280, '100 90', false",
            "300, '100 90', true",
            "11, '', false" })
    void anHourIsAnAnomalyWhenScoreAndBothFloorsAgree(long now, String history, boolean anomaly) {
        var previous = history.isBlank() ? List.<HourSpend> of()
                : weeks(java.util.Arrays.stream(history.split(" ")).mapToLong(Long::parseLong).toArray());

        assertThat(SpendingAnomalies.evaluate(hour(now), previous, AnomalyRules.DEFAULT).isPresent())
                .isEqualTo(anomaly);
    }

    @Test
    void theModifiedZScoreIsScaledByTheMad() {
        // median 100, deviations 10 0 10 0 20 -> MAD 10
        long[] values = { 90, 100, 110, 100, 120 };
        assertThat(SpendingAnomalies.modifiedZ(200, 100, values)).isCloseTo(6.745, org.assertj.core.data.Offset
                .offset(1e-9));
        assertThat(SpendingAnomalies.median(values)).isEqualTo(100);
    }

    @Test
    void theCauseIsTheValueThatRoseMostWithItsShareOfTheExcess() {
        var before = new ArrayList<HourSpend>();
        for (int week = 0; week < 5; week++) {
            before.add(HourSpend.empty()
                    .add(50 * CREDIT, Map.of(Dimension.DESTINATION, "FR", Dimension.USER, "ann"))
                    .add(50 * CREDIT, Map.of(Dimension.DESTINATION, "DE", Dimension.USER, "bob")));
        }
        var now = HourSpend.empty()
                .add(50 * CREDIT, Map.of(Dimension.DESTINATION, "FR", Dimension.USER, "ann"))
                .add(150 * CREDIT, Map.of(Dimension.DESTINATION, "DE", Dimension.USER, "bob"))
                .add(100 * CREDIT, Map.of(Dimension.DESTINATION, "US", Dimension.USER, "ann"));

        var anomaly = SpendingAnomalies.evaluate(now, before, AnomalyRules.DEFAULT).orElseThrow();

        assertThat(anomaly.excess()).isEqualTo(200 * CREDIT);
        // DE, US, ann and bob each rose by 100; US is all new, the others half their usual spend
        assertThat(anomaly.cause()).isEqualTo(new Anomaly.Cause(Dimension.DESTINATION, "US", 100 * CREDIT, 0.5));
        assertThat(anomaly.via()).map(Anomaly.Cause::value).contains("ann");
        assertThat(anomaly.summary()).isEqualTo("+200 credits, 50 % from destination US via user ann");
    }
}
