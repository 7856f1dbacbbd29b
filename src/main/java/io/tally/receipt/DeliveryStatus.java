package io.tally.receipt;

/**
 * Where a carrier says a message (or one part of it) is, in one vocabulary for every carrier. A part's status only
 * moves up {@link #rank()}: a late {@code SENT} after {@code DELIVERED} changes nothing, and the first terminal status
 * stays.
 */
public enum DeliveryStatus {
    ACCEPTED(1),
    SENT(2),
    DELIVERED(3),
    UNDELIVERED(3),
    FAILED(3),
    REJECTED(3),
    UNKNOWN(0);

    private final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    /** The order statuses move in (the same as {@code RANK} in lua/receipt/_lib.lua); 3 is terminal. */
    public int rank() {
        return rank;
    }

    public boolean terminal() {
        return rank == 3;
    }
}
