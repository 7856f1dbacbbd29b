package io.tally.history;

import java.util.List;
import java.util.Set;

/**
 * A page of an account's ledger entries, newest first. Null filters match everything; {@code subAccounts} as in
 * {@link UsageQuery}. {@code lot} matches the entries that touched the lot (a grant's lot, or any lot charged or
 * refunded); {@code category} as in {@link UsageQuery}.
 */
record LedgerQuery(String account, Bounds.Time time, Set<String> subAccounts, String type, String service,
        String category, String reservation, String lot, Bounds.Amount amount, int limit, Cursor after) {

    static final List<String> TYPES = List.of("reserve", "commit", "release", "expire", "meter", "grant", "allocate",
            "deallocate", "expire-credits", "refresh-credits", "extend-expiry", "adjust-credit", "adjust-debit",
            "void-credits");

    /** The same filters, another page. */
    LedgerQuery page(int limit, Cursor after) {
        return new LedgerQuery(account, time, subAccounts, type, service, category, reservation, lot, amount, limit, after);
    }
}
