package io.tally.history;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A table as an Excel workbook, written as it goes (fastexcel: each sheet's rows are flushed into the zip stream, text
 * is written inline, so nothing grows with the row count but one reference per row of the open sheet). Numbers stay
 * numbers, times are dates in the account's zone (Excel has no zones), booleans are booleans, text is text (never
 * a formula, so it needs no neutralising; characters XML cannot hold, such as NUL, are dropped). A sheet holds at
 * most {@code rowsPerSheet} rows with its header; the rows beyond go on in a new sheet, {@code <name> 2}, with the
 * header again.
 */
final class XlsxTable implements TableWriter {
    /** Excel's limit of rows in a sheet, the header included. */
    static final int EXCEL_ROWS = 1_048_576;
    private static final String DATE_FORMAT = "yyyy-mm-dd hh:mm:ss";

    private final String name;
    private final ZoneId zone;
    private final int rowsPerSheet;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Workbook workbook;
    private Worksheet sheet;
    private List<String> headers;
    private int sheets;
    private int row;

    XlsxTable(String name, ZoneId zone, int rowsPerSheet) {
        if (rowsPerSheet < 2 || rowsPerSheet > EXCEL_ROWS) {
            throw new IllegalArgumentException("rows per sheet: 2 to " + EXCEL_ROWS);
        }
        this.name = name;
        this.zone = zone;
        this.rowsPerSheet = rowsPerSheet;
    }

    @Override
    public synchronized byte[] start(List<String> headers) {
        this.headers = List.copyOf(headers);
        workbook = new Workbook(out, "Tally", "1.0");
        newSheet();
        return drain();
    }

    @Override
    public synchronized byte[] rows(List<Object[]> rows) {
        try {
            for (var cells : rows) {
                if (row == rowsPerSheet) {
                    sheet.finish();
                    newSheet();
                }
                for (int c = 0; c < cells.length; c++) {
                    write(c, cells[c]);
                }
                row++;
            }
            sheet.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    @Override
    public synchronized byte[] finish() {
        try {
            sheet.finish();
            workbook.finish();
            workbook = null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    /** Ends an abandoned workbook, which frees its compressor. */
    @Override
    public synchronized void close() {
        if (workbook != null) {
            try {
                workbook.close();
            } catch (IOException | RuntimeException e) {
                // abandoned: nobody reads the rest
            }
            workbook = null;
        }
        out.reset();
    }

    private void newSheet() {
        sheets++;
        sheet = workbook.newWorksheet(sheets == 1 ? name : name + " " + sheets);
        for (int c = 0; c < headers.size(); c++) {
            sheet.inlineString(0, c, headers.get(c));
        }
        row = 1;
    }

    private void write(int c, Object cell) {
        if (cell == null) {
            return;
        }
        if (cell instanceof String text) {
            sheet.inlineString(row, c, text);
        } else if (cell instanceof Instant at) {
            sheet.value(row, c, at.atZone(zone).toLocalDateTime());
            sheet.style(row, c).format(DATE_FORMAT).set();
        } else if (cell instanceof Boolean bool) {
            sheet.value(row, c, bool);
        } else if (cell instanceof BigDecimal || cell instanceof Long || cell instanceof Integer) {
            sheet.value(row, c, (Number) cell);
        } else {
            throw new IllegalArgumentException("not a cell: " + cell.getClass().getName());
        }
    }

    private byte[] drain() {
        var bytes = out.toByteArray();
        out.reset();
        return bytes;
    }
}
