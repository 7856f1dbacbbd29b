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

    /** Six pages of rows: more than the parts read ahead, so that reading them all at once would show. */
    private static final int ROWS = 3 * Exports.PAGE;

    private Function<Cursor, Uni<HistoryPage<UsageRecordView>>> counted(String account, AtomicInteger reads) {
        var query = new UsageQuery(account, Bounds.Time.ANY, null, null, null, null, null, null, null, null, null, null,
                null, Bounds.Amount.ANY, null, null, null, null, Bounds.Amount.ANY, Bounds.Amount.ANY, null, Exports.PAGE,
                null);
        return cursor -> {
            reads.incrementAndGet();
            return repository.usage(query.page(Exports.PAGE, cursor));
        };
    }

    /** The pages read once whatever the export would read by itself has been read. */
    private static int settled(AtomicInteger reads) throws InterruptedException {
        Thread.sleep(300);
        return reads.get();
    }

    @Test
    void aPageIsReadOnlyWhenThePartsBeforeItWereTaken() throws InterruptedException {
        var account = Api.newAccount();
        new HistoryRows(database).bulk(account, ROWS);
        var reads = new AtomicInteger();

        var file = Exports.body(() -> new CsvTable(ZoneOffset.UTC, false), ExportColumns.USAGE, counted(account, reads))
                .subscribe().withSubscriber(AssertSubscriber.<byte[]> create(0));
        assertThat(settled(reads)).as("nothing asked, nothing read").isZero();

        file.request(1).awaitItems(1, WAIT);
        assertThat(settled(reads)).as("the header, and at most the pages read ahead").isLessThanOrEqualTo(Exports.AHEAD);

        for (int taken = 1; taken <= 3; taken++) {
            file.request(1).awaitItems(1 + taken, WAIT);
            assertThat(settled(reads)).as("%d parts of rows taken", taken).isBetween(taken, taken + Exports.AHEAD);
        }

        file.request(Long.MAX_VALUE).awaitCompletion(WAIT);
        assertThat(reads).hasValue(2 * ROWS / Exports.PAGE);
        var lines = file.getItems().stream().mapToLong(part -> new String(part, StandardCharsets.UTF_8)
                .chars().filter(c -> c == '\n').count()).sum();
        assertThat(lines).isEqualTo(1 + 2L * ROWS);
    }

    @Test
    void anAbandonedFileReadsNothingMore() throws InterruptedException {
        var account = Api.newAccount();
        new HistoryRows(database).bulk(account, ROWS);
        var reads = new AtomicInteger();
        var closed = new AtomicInteger();
        var file = Exports.body(() -> new Closing(new CsvTable(ZoneOffset.UTC, false), closed), ExportColumns.USAGE,
                counted(account, reads)).subscribe().withSubscriber(AssertSubscriber.<byte[]> create(2));

        file.awaitItems(2, WAIT).cancel();

        var read = settled(reads);
        assertThat(read).isBetween(1, 1 + Exports.AHEAD);
        assertThat(settled(reads)).as("no page read after the client went").isEqualTo(read);
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
