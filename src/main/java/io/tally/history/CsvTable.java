package io.tally.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A table as CSV (RFC 4180: comma, CRLF, a field quoted when it must be), UTF-8, optionally after a byte-order mark
 * (which Excel needs to read UTF-8). Numbers are written plainly ({@code 0.045}, never {@code 4.5E-2}); times as
 * ISO-8601 with the offset of the account's zone; text that a spreadsheet would take for a formula is neutralised.
 */
final class CsvTable implements TableWriter {
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;
    private static final char BOM = '\uFEFF';
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final ZoneId zone;
    private final boolean bom;
    private final StringBuilder out = new StringBuilder();
    private final CSVPrinter printer;

    CsvTable(ZoneId zone, boolean bom) {
        this.zone = zone;
        this.bom = bom;
        try {
            printer = new CSVPrinter(out, FORMAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized byte[] start(List<String> headers) {
        if (bom) {
            out.append(BOM);
        }
        print(new ArrayList<>(headers));
        return drain();
    }

    @Override
    public synchronized byte[] rows(List<Object[]> rows) {
        for (var row : rows) {
            var cells = new ArrayList<String>(row.length);
            for (var cell : row) {
                cells.add(text(cell));
            }
            print(cells);
        }
        return drain();
    }

    @Override
    public synchronized byte[] finish() {
        return new byte[0];
    }

    @Override
    public synchronized void close() {
        out.setLength(0);
    }

    /**
     * Text that starts with {@code =}, {@code +}, {@code -}, {@code @}, TAB, CR or NUL gets a leading {@code '}, so
     * that a spreadsheet shows it rather than evaluating it (OWASP, "CSV Injection"). Numbers are never text here.
     */
    static String neutralised(String text) {
        if (text.isEmpty()) {
            return text;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r', '\0' -> "'" + text;
            default -> text;
        };
    }

    private String text(Object cell) {
        if (cell == null) {
            return null;
        }
        if (cell instanceof String text) {
            return neutralised(text);
        }
        if (cell instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (cell instanceof Instant at) {
            return TIME.format(at.atZone(zone).toOffsetDateTime());
        }
        return cell.toString();
    }

    private void print(List<String> cells) {
        try {
            printer.printRecord(cells);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] drain() {
        var bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        out.setLength(0);
        return bytes;
    }
}
