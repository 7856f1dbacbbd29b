package io.tally.alert;

import io.tally.ledger.LedgerKeys;

/** The Redis keys of alerts (docs/ledger.md, "Redis keys"), under the account's partition tag like its ledger keys. */
final class AlertKeys {
    private final LedgerKeys keys;

    AlertKeys(int partitions) {
        this.keys = new LedgerKeys(partitions);
    }

    int partitions() {
        return keys.partitions();
    }

    int partition(String account) {
        return keys.partition(account);
    }

    /** {@code {pN}:acct:<id>:alerts}: the rules the scripts evaluate and which thresholds are firing. */
    String rules(String account) {
        return keys.account(account) + ":alerts";
    }

    /** {@code {pN}:alerts}: the partition's alert stream. */
    static String stream(int partition) {
        return LedgerKeys.tag(partition) + ":alerts";
    }
}
