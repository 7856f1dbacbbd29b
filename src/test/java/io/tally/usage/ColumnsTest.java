package io.tally.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class ColumnsTest {
    record Row(String id, Instant at, long amount, List<Long> deltas, String meta) {
    }

    private static final Columns<Row> COLUMNS = Columns.of(c -> c
            .text("id", Row::id)
            .time("at", Row::at)
            .bigint("amount", Row::amount)
            .bigintList("deltas", Row::deltas)
            .json("meta", Row::meta));

    @Test
    void theStatementNamesEachColumnInTheOrderOfItsParameter() {
        assertThat(COLUMNS.insert("t")).isEqualTo("""
                INSERT INTO t (id, at, amount, deltas, meta)
                SELECT u.id, u.at, u.amount, string_to_array(u.deltas, ',')::bigint[], u.meta::jsonb
                FROM unnest($1::text[], $2::timestamptz[], $3::bigint[], $4::text[], $5::text[]) \
                AS u(id, at, amount, deltas, meta)""");
    }

    @Test
    void theParametersAreOneTypedArrayPerColumnInTheSameOrder() {
        var rows = List.of(new Row("a", Instant.parse("2026-03-01T10:00:00Z"), 5, List.of(-1L, 2L), "{}"),
                new Row("b", Instant.parse("2026-03-02T10:00:00Z"), 7, List.of(), null));
        var arrays = COLUMNS.arrays(rows);
        assertThat(arrays).hasSize(COLUMNS.size());
        assertThat((String[]) arrays.get(0)).containsExactly("a", "b");
        assertThat((OffsetDateTime[]) arrays.get(1)).containsExactly(OffsetDateTime.parse("2026-03-01T10:00:00Z"),
                OffsetDateTime.parse("2026-03-02T10:00:00Z"));
        assertThat((Long[]) arrays.get(2)).containsExactly(5L, 7L);
        assertThat((String[]) arrays.get(3)).containsExactly("-1,2", "");
        assertThat((String[]) arrays.get(4)).containsExactly("{}", null);
    }

    @Test
    void aColumnDeclaredTwiceIsRefused() {
        assertThatThrownBy(() -> Columns.<Row> of(c -> c.text("id", Row::id).text("id", Row::meta)))
                .hasMessageContaining("id declared twice");
    }

    @Test
    void theWritersTablesDeclareEveryColumnOnce() {
        assertThat(LedgerEntry.COLUMNS.size()).isEqualTo(27);
        assertThat(UsageRecord.COLUMNS.size()).isEqualTo(35);
    }
}
