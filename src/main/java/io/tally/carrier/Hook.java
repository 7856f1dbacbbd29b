package io.tally.carrier;

/** Which of a connection's two URLs a carrier called. */
public enum Hook {
    /** A message a handset sent to one of the account's numbers. */
    INBOUND,
    /** A delivery receipt (status callback) of a message the account sent. */
    STATUS
}
