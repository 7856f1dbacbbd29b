package io.tally.history;

import java.util.List;

/**
 * Writes a table as a file, a part at a time: the bytes each call returns follow those of the previous call, so that
 * a file of any length is written with the memory of one page of rows. Rows are arrays of cells, in the columns'
 * order (cell types: {@link Column}). {@link #close} frees what the writer holds when the file is abandoned; it may
 * come from another thread while a part is being written (a client that goes), so implementations serialise them.
 */
interface TableWriter extends AutoCloseable {
    /** The start of the file, with the header row. */
    byte[] start(List<String> headers);

    /** The next rows. */
    byte[] rows(List<Object[]> rows);

    /** The end of the file. */
    byte[] finish();

    @Override
    void close();
}
