package io.tally.carrier;

/**
 * A carrier's delivery status, normalized: each carrier's words map to one of these. The names are the ones receipt
 * handling settles by.
 */
public enum ReceiptStatus {
    /** The carrier took the message and has not sent it yet (queued, buffered, en route at the gateway). */
    ACCEPTED,
    /** Handed to the destination network; no handset confirmation (yet). */
    SENT,
    DELIVERED,
    /** Sent but not delivered (expired, unreachable handset): the carrier bills it. */
    UNDELIVERED,
    /** Not sent: the carrier failed it before it left. */
    FAILED,
    /** Refused by the carrier or the destination before sending (content, number, account). */
    REJECTED,
    UNKNOWN
}
