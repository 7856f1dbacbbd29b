package io.tally.history;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A table computed elsewhere (a report's breakdown) as a file written the way the exports are: CSV or XLSX, the same
 * options ({@code format}, {@code bom}), cells, formula neutralisation and file name (docs/api.md "Exports").
 */
public final class TableFiles {
    /** The parameters a table file takes beside those of what it tabulates. */
    public static final Set<String> OPTIONS = Exports.OPTIONS;

    private TableFiles() {
    }

    /** A file ready to be sent: its name and headers, and its body. */
    public record TableFile(String fileName, Map<String, List<String>> headers, Multi<byte[]> body) {
    }

    /**
     * Reads {@link #OPTIONS} from {@code parameters} (400 naming a bad one) and answers the function that writes a
     * table with them; called before the table is computed, so that bad options are refused first.
     *
     * @param stem the file name's start ({@code usage-breakdown-country}); the export's day and extension follow
     */
    public static Writer options(Map<String, List<String>> parameters, String stem, String sheet) {
        var given = new java.util.HashMap<String, List<String>>();
        OPTIONS.forEach(name -> {
            if (parameters.containsKey(name)) {
                given.put(name, parameters.get(name));
            }
        });
        var options = Exports.options(new QueryParameters(given, OPTIONS));
        return (zone, day, headers, rows) -> {
            var columns = new ArrayList<Column<Object[]>>();
            for (int i = 0; i < headers.size(); i++) {
                int index = i;
                columns.add(new Column<>(headers.get(i), row -> row[index]));
            }
            var download = new Exports.Download(options.format().fileName(stem, day), options.format(),
                    Exports.body(() -> Exports.writer(options, sheet, zone), columns,
                            cursor -> Uni.createFrom().item(new HistoryPage<>(rows, null))));
            return new TableFile(download.fileName(), download.headers(), download.body());
        };
    }

    /** Writes one table with the options read. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param zone the account's zone (times are written in it)
         * @param day the export's day in that zone (in the file name)
         */
        TableFile write(ZoneId zone, LocalDate day, List<String> headers, List<Object[]> rows);
    }

    /** The parameters without {@link #OPTIONS}: what the tabulated report reads. */
    public static Map<String, List<String>> withoutOptions(Map<String, List<String>> parameters) {
        var rest = new java.util.HashMap<>(parameters);
        OPTIONS.forEach(rest::remove);
        return rest;
    }
}
