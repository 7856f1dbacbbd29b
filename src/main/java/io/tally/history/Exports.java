package io.tally.history;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tally.account.AccountDirectory;
import io.tally.auth.Caller;
import io.tally.auth.Scopes;
import io.tally.platform.Refusal;

/**
 * Every row of a history listing as one file (docs/api.md "Exports"): the listing's parameters and scope, then the
 * rows a page at a time by the listing's own keyset query, each page read only when the client has taken the file
 * written so far (the body is a {@link Multi} with demand), so that memory stays that of one page whatever the
 * number of rows.
 */
@Singleton
public class Exports {
    /** Rows read per query. */
    static final int PAGE = 1000;
    /**
     * Pages read ahead of the one being written, so that PostgreSQL reads the next page while the writer encodes this
     * one: memory is that of {@value} pages more, still nothing that grows with the rows.
     */
    static final int AHEAD = 2;
    static final Set<String> OPTIONS = Set.of("format", "bom");

    private final HistoryRepository repository;
    private final AccountDirectory directory;
    private final Clock clock;
    private final Map<ExportFormat, Counter> rows = new EnumMap<>(ExportFormat.class);

    Exports(HistoryRepository repository, AccountDirectory directory, Clock clock, MeterRegistry registry) {
        this.repository = repository;
        this.directory = directory;
        this.clock = clock;
        for (var format : ExportFormat.values()) {
            rows.put(format, Counter.builder("tally.history.export.rows").tag("format", format.extension)
                    .description("Rows read from PostgreSQL into export files").register(registry));
        }
    }

    /** A file ready to be sent: its name, its format, and its body, written as the client reads it. */
    public record Download(String fileName, ExportFormat format, Multi<byte[]> body) {
        public Map<String, List<String>> headers() {
            return Map.of("Content-Type", List.of(format.mediaType),
                    "Content-Disposition", List.of("attachment; filename=\"" + fileName + "\""));
        }
    }

    public Uni<Download> usage(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var p = parameters(parameters, History.USAGE_FILTERS);
        var query = History.usageQuery(account, p, caller);
        var options = options(p);
        return download(account, stem("usage-history", p), "usage", options, ExportColumns.USAGE,
                zone -> cursor -> repository.usage(query.apply(zone).page(PAGE, cursor)));
    }

    Uni<Download> ledger(String account, Map<String, List<String>> parameters, Caller caller) {
        Scopes.requireAccount(caller, account);
        var p = parameters(parameters, History.LEDGER_FILTERS);
        var query = History.ledgerQuery(account, p, caller);
        var options = options(p);
        return download(account, stem("ledger-entries", p), "ledger", options, ExportColumns.LEDGER,
                zone -> cursor -> repository.ledger(query.apply(zone).page(PAGE, cursor)));
    }

    /** The file name's start: {@code usage-history}, or {@code usage-history-messaging} for one credit category. */
    private static String stem(String stem, QueryParameters p) {
        var category = History.category(p);
        return category == null ? stem : stem + "-" + category;
    }

    /** What every export takes beside its filters: the format, and a UTF-8 BOM for CSV. */
    record Options(ExportFormat format, boolean bom) {
    }

    /** The listing's parameters and the export's own; an export has every row, so no {@code limit} or {@code cursor}. */
    private static QueryParameters parameters(Map<String, List<String>> parameters, Set<String> filters) {
        var names = new TreeSet<>(filters);
        names.addAll(OPTIONS);
        var p = new QueryParameters(parameters, names);
        for (var paging : List.of("limit", "cursor")) {
            if (p.raw(paging) != null) {
                throw Refusal.invalid(paging, paging + ": an export has every matching row, it takes no " + paging);
            }
        }
        return p;
    }

    static Options options(QueryParameters p) {
        var format = ExportFormat.of(p.oneOf("format", ExportFormat.NAMES));
        var bom = "true".equals(p.oneOf("bom", List.of("true", "false")));
        if (bom && format != ExportFormat.CSV) {
            throw Refusal.invalid("bom", "bom: only for format=csv");
        }
        return new Options(format, bom);
    }

    private <T> Uni<Download> download(String account, String stem, String sheet, Options options,
            List<Column<T>> columns, Function<ZoneId, Function<Cursor, Uni<HistoryPage<T>>>> read) {
        return directory.profile(account)
                .map(found -> found.orElseThrow(() -> Refusal.notFound("no account " + account)).account().timeZone())
                .map(zone -> new Download(options.format().fileName(stem, clock.instant().atZone(zone).toLocalDate()),
                        options.format(), body(() -> writer(options, sheet, zone), columns, counted(read.apply(zone),
                                rows.get(options.format())))));
    }

    private static <T> Function<Cursor, Uni<HistoryPage<T>>> counted(Function<Cursor, Uni<HistoryPage<T>>> read,
            Counter rows) {
        return cursor -> read.apply(cursor).invoke(page -> rows.increment(page.items().size()));
    }

    static TableWriter writer(Options options, String sheet, ZoneId zone) {
        return switch (options.format()) {
            case CSV -> new CsvTable(zone, options.bom());
            case XLSX -> new XlsxTable(sheet, zone, XlsxTable.EXCEL_ROWS);
        };
    }

    /**
     * The file: its start, then each page's rows as it is read, then its end; a writer per subscription, closed
     * however the body ends (read to the end, failed, or abandoned by the client). Empty parts are not sent. The rows
     * are encoded on a worker thread, not on the event loop that serves other requests: a page of a workbook takes
     * milliseconds.
     */
    static <T> Multi<byte[]> body(Supplier<TableWriter> writers, List<Column<T>> columns,
            Function<Cursor, Uni<HistoryPage<T>>> read) {
        var headers = columns.stream().map(Column::header).toList();
        return Multi.createFrom().deferred(() -> {
            var writer = writers.get();
            return Multi.createBy().concatenating().streams(
                    Multi.createFrom().item(() -> writer.start(headers)),
                    pages(read).emitOn(Infrastructure.getDefaultWorkerPool(), AHEAD)
                            .map(items -> writer.rows(cells(items, columns))),
                    Multi.createFrom().item(writer::finish))
                    .select().where(part -> part.length > 0)
                    .onTermination().invoke(writer::close);
        });
    }

    /** Every page of a listing in order, each read when the one before it was taken. */
    static <T> Multi<List<T>> pages(Function<Cursor, Uni<HistoryPage<T>>> read) {
        return Multi.createBy().repeating()
                .uni(() -> new AtomicReference<Cursor>(), after -> read.apply(after.get())
                        .invoke(page -> after.set(page.next() == null ? null : Cursor.decode(page.next()).orElseThrow())))
                .whilst(page -> page.next() != null)
                .map(HistoryPage::items);
    }

    private static <T> List<Object[]> cells(List<T> items, List<Column<T>> columns) {
        var rows = new ArrayList<Object[]>(items.size());
        for (var item : items) {
            var row = new Object[columns.size()];
            for (int c = 0; c < row.length; c++) {
                row[c] = columns.get(c).cell().apply(item);
            }
            rows.add(row);
        }
        return rows;
    }
}
