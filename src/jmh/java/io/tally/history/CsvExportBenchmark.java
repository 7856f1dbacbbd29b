package io.tally.history;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CSV encoding of one page of an export (1,000 usage records as the listing's views, every column of
 * {@link ExportColumns#USAGE}), as {@code Exports} runs it on a worker: the views' cells, then {@link CsvTable#rows}.
 * The records look like those of load-tests/reports/run.sh (an SMS or a call, three times a row, a lot in charges).
 * The score is pages per second; a page's time divided by 1,000 is the encoding's share of a row's time in an export.
 * Run with {@code mvn -Pbench -DskipTests compile exec:exec -Djmh.args=CsvExportBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CsvExportBenchmark {
    private static final int PAGE = 1000;

    private List<UsageRecordView> page;
    private CsvTable table;

    @Setup
    public void records() {
        page = new ArrayList<>(PAGE);
        var start = Instant.parse("2026-11-01T10:15:30.123456Z");
        for (int g = 0; g < PAGE; g++) {
            var at = start.plusSeconds(g * 7919L);
            boolean sms = g % 12 < 7;
            long cost = 45_000L * (1 + g % 3);
            page.add(new UsageRecordView("r.bench." + g, at, "bench-0000", g % 5 == 0 ? null : "office-" + g % 20,
                    "reservation", "committed", null, sms ? "sms" : "voice", "outbound",
                    "+39020000" + g % 50, "+3934712" + g % 100_000, "IT", "Roma", sms ? 1 + g % 3 : null,
                    sms ? "GSM-7" : null, sms ? 20 + g % 300 : null, 1L + g % 3, null,
                    UsageRecordView.credits(45_000L), UsageRecordView.credits(cost), UsageRecordView.credits(cost),
                    UsageRecordView.charges("lot_bench:" + cost), null, null, "otp", "u-" + g % 50, null, null, null,
                    null, at.plusSeconds(2), at.plusSeconds(2), null, null, null));
        }
        table = new CsvTable(ZoneId.of("Europe/Rome"), false);
        table.start(ExportColumns.USAGE.stream().map(Column::header).toList());
    }

    @Benchmark
    public byte[] page() {
        var rows = new ArrayList<Object[]>(page.size());
        for (var item : page) {
            var row = new Object[ExportColumns.USAGE.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = ExportColumns.USAGE.get(c).cell().apply(item);
            }
            rows.add(row);
        }
        return table.rows(rows);
    }

    /** The cells alone, to tell the views' share from the writer's. */
    @Benchmark
    public int cells() {
        int n = 0;
        for (var item : page) {
            for (var column : ExportColumns.USAGE) {
                n += column.cell().apply(item) == null ? 0 : 1;
            }
        }
        return n;
    }
}
