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

    /** {@code {pN}:acct:<id>:alert-rules}: the rules the scripts evaluate, one line each ({@link RuleMirror}). */
    String rules(String account) {
        return keys.account(account) + ":alert-rules";
    }

    /** {@code {pN}:acct:<id>:alerts}: {@code <ruleId>[:<lotId>]} = 1 while that threshold is crossed (firing). */
    String states(String account) {
        return keys.account(account) + ":alerts";
    }

    /** {@code {pN}:alerts:expiring}: the accounts of the partition with a credits-expiring rule. */
    String expiring(String account) {
        return LedgerKeys.expiringAlerts(partition(account));
    }

    /** {@code {pN}:acct:<id>:anomaly}: the start (ms) of the account's last hour evaluated for spending anomalies. */
    String anomaly(String account) {
        return keys.account(account) + ":anomaly";
    }

    /** {@code {pN}:alerts}: the partition's alert stream. */
    static String stream(int partition) {
        return LedgerKeys.tag(partition) + ":alerts";
    }
}
