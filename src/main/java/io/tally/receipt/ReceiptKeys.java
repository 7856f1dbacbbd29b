package io.tally.receipt;

import io.tally.ledger.LedgerKeys;

/** The Redis keys of delivery receipts, in the account's partition (docs/receipts.md). */
final class ReceiptKeys {
    private ReceiptKeys() {
    }

    /** {@code {pN}:dlr:<account>:<carrier>:<messageId>}: one carrier message, its parts and its reservation. */
    static String message(int partition, String account, String carrier, String messageId) {
        return LedgerKeys.tag(partition) + ":dlr:" + member(account, carrier, messageId);
    }

    /** {@code {pN}:dlr:parked}: the partition's parked messages by when their first receipt came (ms). */
    static String parked(int partition) {
        return LedgerKeys.tag(partition) + ":dlr:parked";
    }

    /** A message in the parked set: {@code <account>:<carrier>:<messageId>} (neither of the first two holds a colon). */
    static String member(String account, String carrier, String messageId) {
        return account + ":" + carrier + ":" + messageId;
    }
}
