package io.tally.receipt;

import java.time.Instant;

/**
 * One delivery receipt as a carrier adapter parsed it: the status of part {@code part} (1-based) of the carrier's
 * message {@code messageId}, sent through {@code connection} of {@code account}. {@code parts} is the message's part
 * count when the carrier says it, {@code segments} the segments it reports billing for this receipt, {@code errorCode}
 * its own code; each null when not given. {@code reservation} is the reservation id when the status callback URL
 * carried it (then no dispatch call is needed).
 */
public record Receipt(String account, String carrier, String connection, String messageId, int part, Integer parts,
        DeliveryStatus status, String errorCode, Instant occurredAt, Integer segments, String reservation) {
}
