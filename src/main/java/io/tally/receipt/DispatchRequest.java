package io.tally.receipt;

/** The body of a dispatch: the carrier, its id for the message, and the message's parts (optional, 1 by default). */
record DispatchRequest(String carrier, String messageId, Integer parts) {
}
