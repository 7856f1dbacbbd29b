package io.tally.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tally.reconciliation.Reconciliation.Difference;

class ReconciliationTest {
    private static final String META_A = "PACKAGE|||1700000000000||1|10000000||";
    private static final String META_B = "UNIVERSAL|SMS,VOICE|2|1700000000000|1800000000000|2|5000000||";

    private static LedgerSums sums() {
        return new LedgerSums(15_000_000, 3_000_000, 1_000_000, 0, 11_000_000, Map.of("milan", 2_000_000L),
                Map.of("milan:2025-03", 4_000_000L), Map.of("a", 7_000_000L, "b", 4_000_000L),
                Map.of("a", META_A, "b", META_B));
    }

    @Test
    void theSumsDescribeTheAccountHashFieldByField() {
        assertThat(sums().hash()).containsExactly(
                Map.entry("alloc:milan", "2000000"), Map.entry("debt", "0"), Map.entry("granted", "15000000"),
                Map.entry("held", "1000000"), Map.entry("lot:a", "7000000"), Map.entry("lot:b", "4000000"),
                Map.entry("meta:a", META_A), Map.entry("meta:b", META_B), Map.entry("pool", "11000000"),
                Map.entry("seq", "2"), Map.entry("spend:milan:2025-03", "4000000"), Map.entry("spent", "3000000"));
    }

    @Test
    void anAccountWithoutEntriesHasZeroTotalsAndNoSequence() {
        assertThat(LedgerSums.NONE.hash()).containsOnlyKeys("granted", "spent", "held", "debt", "pool");
    }

    @Test
    void aMetaWithoutSequenceIsRefused() {
        var broken = new LedgerSums(0, 0, 0, 0, 0, Map.of(), Map.of(), Map.of(), Map.of("a", "PACKAGE|"));
        assertThatThrownBy(broken::hash).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHashEqualToTheSumsHasNoDifferences() {
        assertThat(Reconciliation.differences(sums().hash(), sums().hash())).isEmpty();
    }

    @ParameterizedTest(name = "{0}: redis {1}, postgres {2} -> differs {3}")
    @CsvSource(nullValues = "null", value = {
            "held,        null,  0,    false",
            "alloc:rome,  0,     null, false",
            "pool,        5,     5,    false",
            "pool,        5,     6,    true",
            "lot:x,       null,  1,    true",
            "debt,        1,     null, true",
            "pool,        abc,   0,    true",
            "meta:x,      null,  '',   true",
            "meta:x,      P|1,   P|1,  false",
            "meta:x,      P|1,   P|2,  true",
            "cycle:x,     1775001600000, null, false" })
    void comparesNumbersWithAbsentAsZeroAndMetasAsText(String field, String redis, String postgres,
            boolean differs) {
        var inRedis = new HashMap<String, String>();
        var inPostgres = new HashMap<String, String>();
        if (redis != null) {
            inRedis.put(field, redis);
        }
        if (postgres != null) {
            inPostgres.put(field, postgres);
        }
        var differences = Reconciliation.differences(inRedis, inPostgres);
        if (differences.isEmpty()) {
            assertThat(differs).isFalse();
        } else {
            assertThat(differences).containsExactly(new Difference(field, redis, postgres));
        }
    }

    @Test
    void listsEveryDifferenceInFieldOrder() {
        var redis = new HashMap<>(sums().hash());
        redis.put("lot:a", "7000005");
        redis.remove("meta:b");
        redis.put("spend:milan:2025-04", "1");
        assertThat(Reconciliation.differences(redis, sums().hash())).containsExactly(
                new Difference("lot:a", "7000005", "7000000"),
                new Difference("meta:b", null, META_B),
                new Difference("spend:milan:2025-04", "1", null));
    }
}
