package io.tally.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.tally.Api;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * An export reads a page from PostgreSQL only when the file written before it has been taken: what it holds is one
 * page, however many rows match. Shown on the body's demand, with the real repository underneath.
 */
@QuarkusTest
class ExportStreamingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Pool database;

    @Inject
    HistoryRepository repository;

    @Test
    void aPageIsReadOnlyWhenThePartsBeforeItWereTaken() {
        var account = Api.newAccount();
        new HistoryRows(database).bulk(account, Exports.PAGE + Exports.PAGE / 4);
        var reads = new AtomicInteger();
        var query = new UsageQuery(account, Bounds.Time.ANY, null, null, null, null, null, null, null, null, null,
                Bounds.Amount.ANY, Bounds.Amount.ANY, Exports.PAGE, null);
        Function<Cursor, Uni<HistoryPage<UsageRecordView>>> read = cursor -> {
            reads.incrementAndGet();
            return repository.usage(query.page(Exports.PAGE, cursor));
        };

        var file = Exports.body(() -> new CsvTable(ZoneOffset.UTC, false), ExportColumns.USAGE, read)
                .subscribe().withSubscriber(AssertSubscriber.<byte[]> create(0));
        assertThat(reads).hasValue(0);

        file.request(1).awaitItems(1, WAIT);
        assertThat(reads).as("the header row needs no page").hasValue(0);

        file.request(1).awaitItems(2, WAIT);
        assertThat(reads).as("one part, one page").hasValue(1);

        file.request(1).awaitItems(3, WAIT);
        assertThat(reads).hasValue(2);

        file.request(Long.MAX_VALUE).awaitCompletion(WAIT);
        assertThat(reads).hasValue(3);
        var lines = file.getItems().stream().mapToLong(part -> new String(part, StandardCharsets.UTF_8)
                .chars().filter(c -> c == '\n').count()).sum();
        assertThat(lines).isEqualTo(1 + 2L * (Exports.PAGE + Exports.PAGE / 4));
    }

    @Test
    void anAbandonedFileReadsNothingMore() {
        var account = Api.newAccount();
        new HistoryRows(database).bulk(account, Exports.PAGE * 2);
        var reads = new AtomicInteger();
        var query = new UsageQuery(account, Bounds.Time.ANY, null, null, null, null, null, null, null, null, null,
                Bounds.Amount.ANY, Bounds.Amount.ANY, Exports.PAGE, null);
        var closed = new AtomicInteger();
        var file = Exports.body(() -> new Closing(new CsvTable(ZoneOffset.UTC, false), closed), ExportColumns.USAGE,
                cursor -> {
                    reads.incrementAndGet();
                    return repository.usage(query.page(Exports.PAGE, cursor));
                }).subscribe().withSubscriber(AssertSubscriber.<byte[]> create(2));

        file.awaitItems(2, WAIT).cancel();

        assertThat(reads).hasValue(1);
        assertThat(closed).as("the writer is closed when the client goes").hasValue(1);
    }

    /** A writer that counts its closing. */
    private record Closing(TableWriter writer, AtomicInteger closed) implements TableWriter {
        @Override
        public byte[] start(List<String> headers) {
            return writer.start(headers);
        }

        @Override
        public byte[] rows(List<Object[]> rows) {
            return writer.rows(rows);
        }

        @Override
        public byte[] finish() {
            return writer.finish();
        }

        @Override
        public void close() {
            closed.incrementAndGet();
            writer.close();
        }
    }
}
