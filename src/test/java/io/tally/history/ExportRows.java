package io.tally.history;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the golden exports: text a CSV must quote, text a spreadsheet would run as a formula, non-Latin text,
 * money and counts, times around a change of daylight saving time in Rome, booleans and empty cells.
 */
final class ExportRows {
    static final List<String> HEADERS = List.of("text", "amount", "count", "at", "flag");

    /** The malicious cells: each starts with a character a spreadsheet reads as the start of a formula. */
    static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3",
            "@SUM(A1:A9)", "\tTAB", "\rCR", "\0NUL");

    private ExportRows() {
    }

    static List<Object[]> rows() {
        var rows = new ArrayList<Object[]>();
        rows.add(new Object[] { "plain", new BigDecimal("0.045"), 1, Instant.parse("2026-03-29T00:59:59Z"), true });
        rows.add(new Object[] { "comma, \"quote\"\r\nand a new line", new BigDecimal("-0.045"), 12L,
                Instant.parse("2026-03-29T01:00:00.123456Z"), false });
        rows.add(new Object[] { "Привет, мир — 日本語 — مرحبا — 👍", new BigDecimal("1000000000"), 0,
                Instant.parse("2026-10-25T00:30:00Z"), null });
        rows.add(new Object[] { null, new BigDecimal("0.000001"), null, null, null });
        for (var formula : FORMULAS) {
            rows.add(new Object[] { formula, null, null, null, null });
        }
        return rows;
    }
}
