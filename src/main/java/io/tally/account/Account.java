package io.tally.account;

import java.time.Instant;
import java.time.ZoneId;

/** A customer account: the unit of billing, scope and configuration. */
public record Account(String id, String name, ZoneId timeZone, SegmentationSettings segmentation,
        LedgerSettings ledger, Instant createdAt) {
}
