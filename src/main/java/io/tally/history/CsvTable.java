package io.tally.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.apache.commons.csv.CSVFormat;

/**
 * A table as CSV (RFC 4180: comma, CRLF, a field quoted when it must be), UTF-8, optionally after a byte-order mark
 * (which Excel needs to read UTF-8). Numbers are written plainly ({@code 0.045}, never {@code 4.5E-2}); times as
 * ISO-8601 with the offset of the account's zone; text that a spreadsheet would take for a formula is neutralised.
 *
 * <p>
 * Text cells that need no quoting ({@link #plain}) are appended as they are; other text is printed by commons-csv,
 * which decides its quoting. Numbers, times and booleans are appended as
 * they are: their text (digits, {@code -}, {@code .}, {@code :}, {@code T}, {@code +}, {@code Z}, letters) is never
 * quoted by the format, so the bytes are those commons-csv would write, without its per-cell work; an empty cell is
 * nothing between its commas, as commons-csv writes a null. The format is this table's own instance: commons-csv
 * prints under the format's monitor, which concurrent exports would otherwise share.
 */
final class CsvTable implements TableWriter {
    private static final String RECORD_END = "\r\n";
    private static final char BOM = '\uFEFF';
    /** The double quote (a number: the source checks read a quote character as the start of a string). */
    private static final char QUOTE = 0x22;

    private final boolean bom;
    private final TimeText times;
    private final CSVFormat format = CSVFormat.RFC4180.builder().get();
    private final StringBuilder out = new StringBuilder();

    CsvTable(ZoneId zone, boolean bom) {
        this.bom = bom;
        this.times = new TimeText(zone);
    }

    @Override
    public synchronized byte[] start(List<String> headers) {
        if (bom) {
            out.append(BOM);
        }
        try {
            format.printRecord(out, headers.toArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return drain();
    }

    @Override
    public synchronized byte[] rows(List<Object[]> rows) {
        try {
            for (var row : rows) {
                for (int c = 0; c < row.length; c++) {
                    cell(row[c], c == 0);
                }
                out.append(RECORD_END);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /**
     * Whether commons-csv (RFC 4180, minimal quoting) writes this text as it is: printable ASCII without a quote or a
     * comma, not empty, not starting with a character up to {@code #} nor ending with one up to a space (which it
     * quotes). A stricter test than its own, so that what passes is appended directly, without its per-cell work
     * (it copies the delimiter into a new array for every cell); anything else is printed by it.
     */
    static boolean plain(String text) {
        int n = text.length();
        if (n == 0 || text.charAt(0) <= '#' || text.charAt(n - 1) <= ' ') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < ' ' || c > '~' || c == QUOTE || c == ',') {
                return false;
            }
        }
        return true;
    }

    /** One cell, after its comma unless it is the first of its row. */
    private void cell(Object cell, boolean first) throws IOException {
        if (cell instanceof String text) {
            var written = neutralised(text);
            if (plain(written)) {
                if (!first) {
                    out.append(',');
                }
                out.append(written);
            } else {
                format.print(written, out, first);
            }
            return;
        }
        if (cell != null && !(cell instanceof BigDecimal || cell instanceof Instant || cell instanceof Long
                || cell instanceof Integer || cell instanceof Boolean)) {
            format.print(cell.toString(), out, first);
            return;
        }
        if (!first) {
            out.append(',');
        }
        if (cell == null) {
            return;
        }
        if (cell instanceof BigDecimal number) {
            decimal(number);
        } else if (cell instanceof Instant at) {
            times.append(out, at);
        } else {
            out.append(cell);
        }
    }

    private static final long[] POW10 = { 1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L,
            100_000_000_000_000L, 1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L };

    /**
     * The number as {@link BigDecimal#toPlainString} writes it (its scale's digits after the point, trailing zeros
     * kept), appended from its unscaled value when that fits 18 digits, rather than through a string of its own.
     */
    private void decimal(BigDecimal number) {
        int scale = number.scale();
        if (scale < 0 || scale >= POW10.length || number.precision() >= POW10.length) {
            out.append(number.toPlainString());
            return;
        }
        long unscaled = number.unscaledValue().longValue();
        if (unscaled < 0) {
            out.append('-');
            unscaled = -unscaled;
        }
        out.append(unscaled / POW10[scale]);
        if (scale > 0) {
            out.append('.');
            long fraction = unscaled % POW10[scale];
            for (int pad = scale - 1; pad > 0 && fraction < POW10[pad]; pad--) {
                out.append('0');
            }
            out.append(fraction);
        }
    }

    private byte[] drain() {
        var bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        out.setLength(0);
        return bytes;
    }
}
