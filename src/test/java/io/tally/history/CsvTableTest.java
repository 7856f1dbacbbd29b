package io.tally.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CSV writer against its golden file ({@code src/test/resources/history/golden.csv}), byte for byte, and read
 * back with commons-csv's own parser: quoting, neutralised formulas, non-Latin text, numbers, times and empties.
 */
class CsvTableTest {
    private static final Path GOLDEN = Path.of("src/test/resources/history/golden.csv");
    static final ZoneId ROME = ZoneId.of("Europe/Rome");

    /** The file written in parts: the start, then the rows two calls at a time, then the end. */
    static byte[] write(boolean bom) {
        var out = new ByteArrayOutputStream();
        try (var table = new CsvTable(ROME, bom)) {
            var rows = ExportRows.rows();
            out.writeBytes(table.start(ExportRows.HEADERS));
            out.writeBytes(table.rows(rows.subList(0, 3)));
            out.writeBytes(table.rows(rows.subList(3, rows.size())));
            out.writeBytes(table.finish());
        }
        return out.toByteArray();
    }

    /** {@code -Dtally.golden.write=true} rewrites the golden file from the writer: then read its diff. */
    static final String WRITE = "tally.golden.write";

    @Test
    void theFileIsTheGoldenOne() throws IOException {
        var written = new String(write(false), StandardCharsets.UTF_8);
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(GOLDEN, written);
        }
        assertThat(written).isEqualTo(Files.readString(GOLDEN));
    }

    @Test
    void aParserReadsBackEveryCellWithFormulasNeutralised() throws IOException {
        var text = new String(write(false), StandardCharsets.UTF_8);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(text))
                .getRecords();

        assertThat(records).hasSize(ExportRows.rows().size());
        assertThat(records.get(0).toMap()).containsEntry("text", "plain").containsEntry("amount", "0.045")
                .containsEntry("count", "1").containsEntry("at", "2026-03-29T01:59:59+01:00")
                .containsEntry("flag", "true");
        assertThat(records.get(1).toMap()).containsEntry("text", "comma, \"quote\"\r\nand a new line")
                .containsEntry("amount", "-0.045").containsEntry("at", "2026-03-29T03:00:00.123456+02:00");
        assertThat(records.get(2).get("text")).isEqualTo("Привет, мир — 日本語 — مرحبا — 👍");
        assertThat(records.get(2).get("amount")).isEqualTo("1000000000");
        assertThat(records.get(2).get("at")).isEqualTo("2026-10-25T02:30:00+02:00");
        assertThat(records.get(3).toMap()).containsEntry("text", "").containsEntry("amount", "0.000001");
        for (int i = 0; i < ExportRows.FORMULAS.size(); i++) {
            assertThat(records.get(4 + i).get("text")).isEqualTo("'" + ExportRows.FORMULAS.get(i));
        }
    }

    @Test
    void theByteOrderMarkComesFirstAndOnlyOnce() {
        var plain = write(false);
        var marked = write(true);

        assertThat(marked).startsWith(0xEF, 0xBB, 0xBF);
        assertThat(new String(marked, StandardCharsets.UTF_8)).isEqualTo("\uFEFF" + new String(plain,
                StandardCharsets.UTF_8));
    }

    /**
     * Rows of random cells of every kind are the bytes commons-csv's own printer writes for the same cells as text
     * (numbers plain, times by the JDK's formatter, text neutralised): the cells the table appends itself are
     * quoted no differently.
     */
    @Test
    void randomRowsAreTheBytesCommonsCsvPrintsForTheirText() throws IOException {
        var random = new Random(20261201);
        for (var zone : List.of(ROME, ZoneId.of("Pacific/Auckland"), ZoneId.of("UTC"), ZoneId.of("-05:30"))) {
            var rows = new ArrayList<Object[]>();
            for (int i = 0; i < 2_000; i++) {
                var row = new Object[1 + random.nextInt(8)];
                for (int c = 0; c < row.length; c++) {
                    row[c] = cell(random);
                }
                rows.add(row);
            }
            var expected = new StringBuilder();
            var printer = new CSVPrinter(expected, CSVFormat.RFC4180);
            for (var row : rows) {
                var cells = new ArrayList<String>();
                for (var cell : row) {
                    cells.add(cell == null ? null
                            : cell instanceof String text ? CsvTable.neutralised(text)
                                    : cell instanceof BigDecimal number ? number.toPlainString()
                                            : cell instanceof Instant at ? DateTimeFormatter.ISO_OFFSET_DATE_TIME
                                                    .format(at.atZone(zone).toOffsetDateTime()) : cell.toString());
                }
                printer.printRecord(cells);
            }
            try (var table = new CsvTable(zone, false)) {
                assertThat(new String(table.rows(rows), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
            }
        }
    }

    private static Object cell(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> random.nextBoolean()
                    ? BigDecimal.valueOf(random.nextLong(-10_000_000_000L, 10_000_000_000L), random.nextInt(7))
                            .stripTrailingZeros()
                    : BigDecimal.valueOf(random.nextLong(-1_000_000_000_000_000_000L, 1_000_000_000_000_000_000L),
                            random.nextInt(-2, 21));
            case 2 -> random.nextLong(-1_000_000, 1_000_000);
            case 3 -> random.nextInt();
            case 4 -> random.nextBoolean();
            case 5 -> Instant.ofEpochSecond(random.nextLong(1_700_000_000L, 1_900_000_000L),
                    random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000) * 1_000);
            default -> text(random);
        };
    }

    private static String text(Random random) {
        var alphabet = List.of("a", "Z", "0", "9", " ", ",", "\"", "\r", "\n", "\t", "\0", "#", "!", "=", "+",
                "-", "@", "'", ";", "é", "日", "👍", ".", ":", "\\", "$", "~", "\u007f", "\u00a0");
        var text = new StringBuilder();
        int length = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.get(random.nextInt(alphabet.size())));
        }
        return text.toString();
    }

    @ParameterizedTest(name = "\"{0}\" is written \"{1}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "=1+2       | '=1+2",
            "+39347     | '+39347",
            "-5         | '-5",
            "@cmd       | '@cmd",
            "a=b        | a=b",
            "'quoted    | 'quoted",
            "\"\"       | \"\"" })
    void textThatStartsLikeAFormulaIsPrefixed(String text, String written) {
        assertThat(CsvTable.neutralised(text)).isEqualTo(written);
    }
}
