package io.tally.history;

import java.time.LocalDate;
import java.util.List;

import io.tally.platform.Refusal;

/** The file formats of an export: what the {@code format} parameter names, the media type and the file extension. */
enum ExportFormat {
    CSV("csv", "text/csv; charset=UTF-8"),
    XLSX("xlsx", ExportFormat.XLSX_TYPE);

    /** The media types, as the endpoints declare them. */
    static final String CSV_TYPE = "text/csv";
    static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final List<String> NAMES = List.of("csv", "xlsx");

    final String extension;
    final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** The format a {@code format} parameter names; CSV when it is absent. */
    static ExportFormat of(String name) {
        if (name == null || name.equals("csv")) {
            return CSV;
        }
        if (name.equals("xlsx")) {
            return XLSX;
        }
        throw Refusal.invalid("format", "format: one of " + NAMES);
    }

    /** {@code <stem>-YYYY-MM-DD.<extension>}, the day being the export's in the account's time zone. */
    String fileName(String stem, LocalDate day) {
        return stem + "-" + day + "." + extension;
    }
}
