package io.tally.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.Test;

/**
 * The XLSX writer, read back with fastexcel's reader: every cell's type, value and number format against the golden
 * listing ({@code src/test/resources/history/golden-xlsx.txt}), and the rows past a sheet's limit in new sheets.
 */
class XlsxTableTest {
    private static final Path GOLDEN = Path.of("src/test/resources/history/golden-xlsx.txt");

    private static byte[] write(int rowsPerSheet, List<List<Object[]>> parts) {
        var out = new ByteArrayOutputStream();
        try (var table = new XlsxTable("usage", CsvTableTest.ROME, rowsPerSheet)) {
            out.writeBytes(table.start(ExportRows.HEADERS));
            for (var part : parts) {
                out.writeBytes(table.rows(part));
            }
            out.writeBytes(table.finish());
        }
        return out.toByteArray();
    }

    /** Each sheet's name, then one line per cell: its address, type, value as the reader gives it, and format. */
    private static String listing(byte[] file) throws IOException {
        var text = new StringBuilder();
        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(file), new ReadingOptions(true, false))) {
            for (var sheet : workbook.getSheets().toList()) {
                text.append("sheet ").append(sheet.getName()).append('\n');
                for (var row : sheet.read()) {
                    for (var cell : row) {
                        if (cell != null && cell.getType() != CellType.EMPTY) {
                            text.append(describe(cell)).append('\n');
                        }
                    }
                }
            }
        }
        return text.toString();
    }

    private static String describe(Cell cell) {
        var value = cell.getType() == CellType.STRING ? escaped(cell.asString()) : cell.getRawValue();
        var format = cell.getDataFormatString() == null ? "" : " [" + cell.getDataFormatString() + "]";
        return cell.getAddress() + " " + cell.getType() + " " + value + format;
    }

    /** Control characters as {@code \\uXXXX}, so that the listing is one line per cell. */
    private static String escaped(String text) {
        var out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 0x20 ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    @Test
    void theWorkbookReadsBackAsTheGoldenListing() throws IOException {
        var rows = ExportRows.rows();
        var listing = listing(write(XlsxTable.EXCEL_ROWS, List.of(rows.subList(0, 3), rows.subList(3, rows.size()))));
        if (Boolean.getBoolean(CsvTableTest.WRITE)) {
            Files.writeString(GOLDEN, listing);
        }
        assertThat(listing).isEqualTo(Files.readString(GOLDEN));
    }

    @Test
    void numbersDatesAndBooleansAreTypedAndTextIsNeverAFormula() throws IOException {
        var rows = ExportRows.rows();
        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(write(XlsxTable.EXCEL_ROWS, List.of(rows))),
                new ReadingOptions(true, false))) {
            var read = workbook.getFirstSheet().read();
            var first = read.get(1);
            assertThat(first.getCell(1).getType()).isEqualTo(CellType.NUMBER);
            assertThat(first.getCell(1).asNumber()).isEqualByComparingTo(new BigDecimal("0.045"));
            assertThat(first.getCell(2).asNumber()).isEqualByComparingTo(BigDecimal.ONE);
            assertThat(first.getCell(3).asDate()).isEqualTo(LocalDateTime.parse("2026-03-29T01:59:59"));
            assertThat(first.getCell(3).getDataFormatString()).isEqualTo("yyyy-mm-dd hh:mm:ss");
            assertThat(first.getCell(4).asBoolean()).isTrue();
            assertThat(read.get(3).getCell(0).asString()).isEqualTo("Привет, мир — 日本語 — مرحبا — 👍");
            assertThat(read.get(5).getCell(0).getType()).isEqualTo(CellType.STRING);
            assertThat(read.get(5).getCell(0).asString()).isEqualTo(ExportRows.FORMULAS.get(0));
            assertThat(read.stream().flatMap(row -> row.stream()).filter(c -> c != null))
                    .noneMatch(c -> c.getType() == CellType.FORMULA);
        }
    }

    @Test
    void rowsPastTheSheetsLimitGoOnInANewSheetWithTheHeaderAgain() throws IOException {
        var rows = new ArrayList<Object[]>();
        for (int i = 1; i <= 7; i++) {
            rows.add(new Object[] { "row " + i, BigDecimal.valueOf(i), i, null, null });
        }
        var file = write(3, List.of(rows.subList(0, 1), rows.subList(1, 5), rows.subList(5, 7)));

        try (var workbook = new ReadableWorkbook(new ByteArrayInputStream(file))) {
            var sheets = workbook.getSheets().toList();
            assertThat(sheets).extracting(Sheet::getName).containsExactly("usage", "usage 2", "usage 3", "usage 4");
            var texts = new ArrayList<String>();
            for (var sheet : sheets) {
                var read = sheet.read();
                assertThat(read.size()).isLessThanOrEqualTo(3);
                assertThat(read.get(0).getCell(0).asString()).isEqualTo("text");
                read.stream().skip(1).map(row -> row.getCell(0).asString()).forEach(texts::add);
            }
            assertThat(texts).containsExactly("row 1", "row 2", "row 3", "row 4", "row 5", "row 6", "row 7");
        }
    }

    @Test
    void aSheetHoldsAtMostExcelsRows() {
        assertThatThrownBy(() -> new XlsxTable("usage", CsvTableTest.ROME, XlsxTable.EXCEL_ROWS + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(XlsxTable.EXCEL_ROWS).isEqualTo(org.dhatim.fastexcel.Worksheet.MAX_ROWS);
    }
}
