package io.tally.ledger;

/**
 * A ledger script refused because its partition has no epoch: Redis lost the partition's data (restarted empty, or
 * a node replaced), so its accounts would look empty. Nothing was read or written; the ledger must be restored from
 * PostgreSQL (docs/ledger.md "Losing Redis").
 */
public final class LedgerLost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The error a script answers with (_lib.lua). */
    static final String ERROR = "LEDGER_LOST";

    private final int partition;

    public LedgerLost(int partition) {
        super("ledger partition " + partition + " lost its data in Redis; restore it from PostgreSQL", null, false,
                false);
        this.partition = partition;
    }

    public int partition() {
        return partition;
    }

    static boolean is(Throwable failure) {
        return failure.getMessage() != null && failure.getMessage().startsWith(ERROR);
    }
}
